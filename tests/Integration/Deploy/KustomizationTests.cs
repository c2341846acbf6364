using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes/kustomization.yaml lists every manifest and rewrites the one image they use.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void Resources_AreExactlyTheManifestFiles()
    {
        Kustomization kustomization = Load();

        Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.ApiVersion);
        Assert.Equal("Kustomization", kustomization.Kind);
        Assert.Equal("kube-system", kustomization.Namespace);
        Assert.Equal(
            KubernetesManifests.ManifestFiles(DeployFiles.Kubernetes).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            kustomization.Resources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Images_RewriteTheImageTheWorkloadsUse()
    {
        KustomizeImage image = Assert.Single(Load().Images);
        Assert.Equal("escni", image.Name);
        Assert.Equal($"{image.NewName}:{image.NewTag}", KubernetesManifests.Repository.DaemonSet.Spec.Template.Spec.Containers[0].Image);
    }

    private static Kustomization Load()
    {
        // No IgnoreUnmatchedProperties: a field this test does not know (a typo, or a new transformer) fails it.
        IDeserializer yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return yaml.Deserialize<Kustomization>(DeployFiles.Read(Path.Combine(DeployFiles.Kubernetes, "kustomization.yaml")));
    }

    private sealed class Kustomization
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Namespace { get; set; } = "";

        public List<string> Resources { get; set; } = new();

        public List<KustomizeImage> Images { get; set; } = new();
    }

    private sealed class KustomizeImage
    {
        public string Name { get; set; } = "";

        public string NewName { get; set; } = "";

        public string NewTag { get; set; } = "";
    }
}
