using System.Text.Json;

namespace EsCni.Integration.Reliability;

/// <summary>What one fuzz case produced, and what was wrong with it (null when it behaved).</summary>
internal sealed record PluginResultOfCase(PluginFuzzCase Case, int ExitCode, string Stdout, string Stderr, string? Problem)
{
    public int? ErrorCode
    {
        get
        {
            try
            {
                using JsonDocument error = JsonDocument.Parse(Stdout);
                return error.RootElement.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"{Problem}: {Case}\nexit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
