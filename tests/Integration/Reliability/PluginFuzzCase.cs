using System.Text;

namespace EsCni.Integration.Reliability;

/// <summary>One hostile plugin invocation: the CNI_* environment (null = unset) and the bytes on stdin.</summary>
internal sealed record PluginFuzzCase(int Seed, IReadOnlyDictionary<string, string?> Environment, byte[] Stdin)
{
    public string? Command => Environment.GetValueOrDefault("CNI_COMMAND");

    public override string ToString()
    {
        string env = string.Join(' ', Environment.Where(e => e.Value is not null).Select(e => $"{e.Key}='{Shorten(e.Value!)}'"));
        return $"case {Seed}: {env} stdin({Stdin.Length} B)='{Shorten(Encoding.UTF8.GetString(Stdin))}'";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
