using YamlDotNet.Serialization;

namespace EsCni.Integration.Deploy;

/// <summary>docker-compose.yml as plain YAML maps, with just the accessors the tests need.</summary>
internal sealed class ComposeFile
{
    private readonly Dictionary<object, object> _root;

    private ComposeFile(Dictionary<object, object> root)
    {
        _root = root;
    }

    public static ComposeFile Load() =>
        new(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(DeployFiles.Read(DeployFiles.Compose)));

    public IReadOnlyDictionary<string, Dictionary<object, object>> Services =>
        Map(_root, "services").ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value, StringComparer.Ordinal);

    public Dictionary<object, object> Root => _root;

    public static Dictionary<object, object> Map(Dictionary<object, object> parent, string key) =>
        parent.TryGetValue(key, out object? value) && value is Dictionary<object, object> map
            ? map
            : throw new InvalidDataException($"docker-compose.yml: '{key}' is not a map");

    public static string Scalar(Dictionary<object, object> parent, string key) =>
        parent.TryGetValue(key, out object? value) && value is string text
            ? text
            : throw new InvalidDataException($"docker-compose.yml: '{key}' is not a scalar");

    public static IReadOnlyList<string> List(Dictionary<object, object> parent, string key) =>
        parent.TryGetValue(key, out object? value) && value is List<object> list
            ? list.Cast<string>().ToList()
            : throw new InvalidDataException($"docker-compose.yml: '{key}' is not a list");
}
