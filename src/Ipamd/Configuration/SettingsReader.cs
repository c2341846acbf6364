using System.Collections;
using System.Net;

namespace EsCni.Ipamd.Configuration;

/// <summary>
/// Reads typed settings from environment variables and collects every problem instead of stopping at the
/// first, so an operator fixes a bad DaemonSet in one round trip.
/// </summary>
public sealed class SettingsReader
{
    private readonly IReadOnlyDictionary<string, string> _variables;
    private readonly List<string> _problems = new();

    /// <summary>Reads from the given variables (tests pass their own; the daemon passes the process environment).</summary>
    public SettingsReader(IReadOnlyDictionary<string, string> variables)
    {
        _variables = variables;
    }

    /// <summary>Every problem found so far, each naming its variable, its value and what is accepted.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>A reader over the current process environment.</summary>
    public static SettingsReader FromProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new SettingsReader(variables);
    }

    /// <summary>Records a problem found by a caller's own cross-field check.</summary>
    public void AddProblem(string problem) => _problems.Add(problem);

    /// <summary>The raw value, or null when the variable is unset or empty.</summary>
    public string? Raw(string name) =>
        _variables.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>A string value, or the default when unset.</summary>
    public string String(string name, string defaultValue) => Raw(name) ?? defaultValue;

    /// <summary>An integer in [min, max], null when unset (and when unset is allowed).</summary>
    public int? OptionalInt(string name, int min, int max)
    {
        string? raw = Raw(name);
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            _problems.Add($"{name}='{raw}' is not a whole number from {min} to {max}; set it to such a number or unset it.");
            return null;
        }

        return value;
    }

    /// <summary>An integer in [min, max], or the default when unset.</summary>
    public int Int(string name, int defaultValue, int min, int max) => OptionalInt(name, min, max) ?? defaultValue;

    /// <summary>A boolean written as true/false (any case), or the default when unset.</summary>
    public bool Bool(string name, bool defaultValue)
    {
        string? raw = Raw(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (bool.TryParse(raw, out bool value))
        {
            return value;
        }

        _problems.Add($"{name}='{raw}' is not a boolean; set it to true or false.");
        return defaultValue;
    }

    /// <summary>A duration in whole seconds in [min, max], or the default when unset.</summary>
    public TimeSpan Seconds(string name, TimeSpan defaultValue, int minSeconds, int maxSeconds) =>
        OptionalInt(name, minSeconds, maxSeconds) is int seconds ? TimeSpan.FromSeconds(seconds) : defaultValue;

    /// <summary>An absolute file-system path, or the default when unset.</summary>
    public string AbsolutePath(string name, string defaultValue)
    {
        string value = String(name, defaultValue);
        if (!Path.IsPathRooted(value) || value.Contains('\0', StringComparison.Ordinal))
        {
            _problems.Add($"{name}='{value}' is not an absolute path; set it to one such as {defaultValue}.");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A TCP bind address "host:port" (host may be empty for all interfaces), or the default when unset.</summary>
    public IPEndPoint BindAddress(string name, string defaultValue)
    {
        string value = String(name, defaultValue);
        int colon = value.LastIndexOf(':');
        string host = colon >= 0 ? value[..colon] : string.Empty;
        string port = colon >= 0 ? value[(colon + 1)..] : value;
        IPAddress? address = host.Length == 0 ? IPAddress.Any
            : host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? parsed) ? parsed : null;
        if (address is null || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber) || portNumber > 65535)
        {
            _problems.Add($"{name}='{value}' is not a bind address; write it as HOST:PORT such as 127.0.0.1:61679 or :61678.");
            return IPEndPoint.Parse(defaultValue.StartsWith(':') ? "0.0.0.0" + defaultValue : defaultValue);
        }

        return new IPEndPoint(address, portNumber);
    }

    /// <summary>One of the allowed words (case-insensitive), or the default when unset.</summary>
    public string Choice(string name, string defaultValue, params string[] allowed)
    {
        string? raw = Raw(name);
        if (raw is null)
        {
            return defaultValue;
        }

        foreach (string option in allowed)
        {
            if (string.Equals(option, raw, StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }

        _problems.Add($"{name}='{raw}' is not one of {string.Join(", ", allowed)}; set it to one of them or unset it.");
        return defaultValue;
    }
}
