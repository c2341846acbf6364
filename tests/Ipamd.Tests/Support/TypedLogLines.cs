using Microsoft.Extensions.Logging;

namespace EsCni.Ipamd.Tests.Support;

/// <summary>The <see cref="ILogger{T}"/> a hosted service asks for, writing into a <see cref="LogLines"/>.</summary>
internal sealed class TypedLogLines<T>(LogLines lines) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => lines.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => lines.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Log(logLevel, eventId, state, exception, formatter);
}
