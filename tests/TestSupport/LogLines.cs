using Microsoft.Extensions.Logging;

namespace EsCni.Testing;

/// <summary>A logger that keeps each line as "Level message", for tests that check what an operator is told.</summary>
public class LogLines : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_lines)
        {
            _lines.Add($"{logLevel} {formatter(state, exception)}");
        }
    }
}

/// <summary>A <see cref="LogLines"/> for a service that asks for an <see cref="ILogger{T}"/> (a hosted service, say).</summary>
public sealed class LogLines<T> : LogLines, ILogger<T>
{
}
