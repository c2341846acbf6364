using System.Globalization;
using System.Text;

namespace EsCni.Plugin.Logging;

/// <summary>The plugin's log: lines to the config's logFile (like AWS_VPC_K8S_PLUGIN_LOG_FILE), warnings to stderr.</summary>
/// <remarks>
/// stdout belongs to the CNI result, so nothing here ever writes to it. stderr is for humans: libcni copies
/// it into the runtime's log, so only warnings and errors go there. A log file that cannot be opened is
/// reported on stderr and otherwise ignored: logging must never fail an ADD.
/// </remarks>
internal sealed class PluginLog : IDisposable
{
    private AppendOnlyFile? _file;
    private readonly LogLevel _level;
    private readonly string _prefix; // "ADD <container id>/<ifname> <request id>"

    private PluginLog(AppendOnlyFile? file, LogLevel level, string prefix)
    {
        _file = file;
        _level = level;
        _prefix = prefix;
    }

    public enum LogLevel
    {
        Debug,
        Info,
        Warn,
        Error,
    }

    public static PluginLog Open(string? path, string? level, string prefix)
    {
        LogLevel parsed = level is not null && TryParseLevel(level, out LogLevel value) ? value : LogLevel.Info;
        AppendOnlyFile? file = null;
        if (!string.IsNullOrEmpty(path))
        {
            try
            {
                string? directory = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                file = AppendOnlyFile.Open(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"escni: cannot open log file '{path}': {e.Message}; logging to stderr only");
            }
        }

        return new PluginLog(file, parsed, prefix);
    }

    // Not Enum.ToString: in the NativeAOT plugin that reads reflection metadata on every line.
    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        _ => "ERROR",
    };

    public static bool TryParseLevel(string text, out LogLevel level)
    {
        LogLevel? parsed = text.ToLowerInvariant() switch
        {
            "debug" or "trace" => LogLevel.Debug,
            "info" => LogLevel.Info,
            "warn" or "warning" => LogLevel.Warn,
            "error" => LogLevel.Error,
            _ => null,
        };
        level = parsed ?? LogLevel.Info;
        return parsed is not null;
    }

    public void Debug(string message) => Write(LogLevel.Debug, message);

    public void Info(string message) => Write(LogLevel.Info, message);

    public void Warn(string message) => Write(LogLevel.Warn, message);

    public void Error(string message) => Write(LogLevel.Error, message);

    public void Dispose() => _file?.Dispose();

    private void Write(LogLevel level, string message)
    {
        if (level < _level)
        {
            return;
        }

        if (level >= LogLevel.Warn)
        {
            Console.Error.WriteLine($"escni: {Name(level).ToLowerInvariant()}: {message}");
        }

        if (_file is null)
        {
            return;
        }

        // One line, one write: a message's own line breaks (a daemon's multi-line error) become spaces.
        string time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        string line = $"{time} {Name(level),-5} {_prefix} {message.ReplaceLineEndings(" ")}\n";
        try
        {
            _file.Append(Encoding.UTF8.GetBytes(line));
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"escni: cannot write log file '{_file.Path}': {e.Message}; logging to stderr only from here");
            _file.Dispose();
            _file = null;
        }
    }
}
