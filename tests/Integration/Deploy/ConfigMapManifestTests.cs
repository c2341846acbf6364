using System.Text.Json;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes/configmap.yaml against docs/configuration.md and the daemon's source.</summary>
public sealed class ConfigMapManifestTests
{
    private static readonly IDictionary<string, string> s_data = KubernetesManifests.Repository.Config.Data;

    [Fact]
    public void Data_EveryValue_IsTheDocumentedDefault()
    {
        IReadOnlyDictionary<string, string?> documented = DocumentedVariables.Load();
        foreach ((string name, string value) in s_data)
        {
            Assert.True(documented.TryGetValue(name, out string? expected), $"{name} is in the ConfigMap but not documented in docs/configuration.md");
            Assert.True(expected is not null, $"{name}: docs/configuration.md gives no default for it, so the ConfigMap must leave it unset");
            Assert.True(expected == value, $"{name}='{value}' in the ConfigMap, but docs/configuration.md says the default is '{expected}'");
        }

        Assert.True(s_data.Count >= 25, $"only {s_data.Count} variables in the ConfigMap");
    }

    [Fact]
    public void Data_EveryVariable_IsReadByTheDaemon()
    {
        // A key the daemon never reads is a setting an operator changes to no effect.
        IReadOnlySet<string> read = DeployFiles.DaemonVariables();
        List<string> unread = s_data.Keys.Where(k => !read.Contains(k)).ToList();
        Assert.True(unread.Count == 0, $"the ConfigMap sets variables escni-ipamd never reads: {string.Join(", ", unread)}");
    }

    [Fact]
    public void File_EveryDocumentedVariable_IsSetOrNamed()
    {
        // So that an operator editing the ConfigMap sees every knob there is, even those unset by default.
        string text = DeployFiles.Read(Path.Combine(DeployFiles.Kubernetes, "configmap.yaml"));
        IEnumerable<string> missing = DocumentedVariables.Load().Keys.Where(name => !text.Contains(name, StringComparison.Ordinal));
        Assert.Empty(missing);
    }

    [Fact]
    public void Conflist_IpamdSocket_IsTheConfigMapsSocket()
    {
        // escni-node rewrites ipamdSocket from ESCNI_SOCKET anyway; equal defaults mean nothing depends on that rewrite.
        using JsonDocument conflist = JsonDocument.Parse(DeployFiles.Read(DeployFiles.Conflist));
        JsonElement escni = conflist.RootElement.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("type").GetString() == "escni");
        Assert.Equal(s_data["ESCNI_SOCKET"], escni.GetProperty("ipamdSocket").GetString());
    }

    [Fact]
    public void DocumentedVariables_ParsesPairedAndEmptyDefaults()
    {
        const string Markdown = """
            ## Daemon
            | variable | default | meaning |
            |---|---|---|
            | `A_RATE` / `_BURST` | `2` / `10` | x |
            | `B` | empty | x |
            | `C` | unset | x |
            ## Plugin
            | `D` | `1` | x |
            """;

        IReadOnlyDictionary<string, string?> parsed = DocumentedVariables.Parse(Markdown);

        Assert.Equal(new Dictionary<string, string?> { ["A_RATE"] = "2", ["A_BURST"] = "10", ["B"] = string.Empty, ["C"] = null }, parsed);
    }
}
