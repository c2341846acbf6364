using k8s;
using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>
/// Every document of deploy/kubernetes/*.yaml (kustomization.yaml aside) parsed with the Kubernetes client's model types
/// in strict mode: an unknown or misspelled field, a wrong type or an unknown kind fails the load, as the API server's
/// strict field validation would.
/// </summary>
internal sealed class KubernetesManifests
{
    private static readonly Lazy<KubernetesManifests> s_loaded = new(() => Load(DeployFiles.Kubernetes));

    private KubernetesManifests(IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Resource)> documents)
    {
        Documents = documents;
    }

    public static KubernetesManifests Repository => s_loaded.Value;

    /// <summary>(file name, resource) for every document, in file then document order.</summary>
    public IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Resource)> Documents { get; }

    public V1DaemonSet DaemonSet => Single<V1DaemonSet>("escni-node");

    public V1Deployment Projections => Single<V1Deployment>("escni-projections");

    public V1ConfigMap Config => Single<V1ConfigMap>("escni-config");

    /// <summary>The files the manifests live in (every *.yaml but kustomization.yaml).</summary>
    public static IReadOnlyList<string> ManifestFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Parses one file's documents strictly; throws (naming the field) on anything the model does not know.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Parse(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true)
            .Select(o => o as IKubernetesObject<V1ObjectMeta> ?? throw new InvalidDataException($"document of type {o.GetType().Name} has no metadata"))
            .ToList();

    public static KubernetesManifests Load(string directory)
    {
        var documents = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (string file in ManifestFiles(directory))
        {
            try
            {
                documents.AddRange(Parse(File.ReadAllText(file)).Select(r => (Path.GetFileName(file), r)));
            }
            catch (Exception e) when (e is not InvalidDataException)
            {
                throw new InvalidDataException($"{file} does not parse as Kubernetes objects in strict mode: {e.Message} {e.InnerException?.Message}", e);
            }
        }

        return new KubernetesManifests(documents);
    }

    public IEnumerable<T> All<T>() => Documents.Select(d => d.Resource).OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        List<T> matches = All<T>().Where(r => r.Metadata.Name == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidDataException($"expected exactly one {typeof(T).Name} named '{name}' in deploy/kubernetes, found {matches.Count}");
    }

    public bool Contains<T>(string name, string? namespaceName)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().Any(r => r.Metadata.Name == name && r.Metadata.NamespaceProperty == namespaceName);
}
