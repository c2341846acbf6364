using k8s;
using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes as a whole: every document is a valid Kubernetes object (strict), and the set hangs together.</summary>
public sealed class KubernetesManifestsTests
{
    [Fact]
    public void Load_EveryManifest_ParsesStrictlyAsKubernetesModels()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;

        var kinds = manifests.Documents.Select(d => $"{d.Resource.Kind}/{d.Resource.Metadata.Name}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[]
            {
                "ClusterRole/escni-node", "ClusterRoleBinding/escni-node", "ConfigMap/escni-config", "DaemonSet/escni-node",
                "Deployment/escni-projections", "ServiceAccount/escni-node", "ServiceAccount/escni-projections",
            },
            kinds);
    }

    [Fact]
    public void Parse_MisspelledField_IsRejected()
    {
        // The same loader must refuse what the API server's strict validation refuses, or the test above proves nothing.
        string yaml = File.ReadAllText(Path.Combine(DeployFiles.Kubernetes, "daemonset.yaml"))
            .Replace("hostNetwork: true", "hostNetworking: true", StringComparison.Ordinal);

        Exception e = Assert.ThrowsAny<Exception>(() => KubernetesManifests.Parse(yaml));
        Assert.Contains("hostNetworking", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_NamespacedObjects_AreInKubeSystemWithTheEscniLabel()
    {
        foreach ((string file, IKubernetesObject<V1ObjectMeta> resource) in KubernetesManifests.Repository.Documents)
        {
            bool clusterScoped = resource is V1ClusterRole or V1ClusterRoleBinding;
            Assert.True(
                clusterScoped ? resource.Metadata.NamespaceProperty is null : resource.Metadata.NamespaceProperty == "kube-system",
                $"{file}: {resource.Kind}/{resource.Metadata.Name} has namespace '{resource.Metadata.NamespaceProperty}'");
            Assert.True(
                resource.Metadata.Labels?.TryGetValue("app.kubernetes.io/name", out string? app) == true && app == "escni",
                $"{file}: {resource.Kind}/{resource.Metadata.Name} lacks the label app.kubernetes.io/name=escni");
        }
    }

    [Fact]
    public void Workloads_Selectors_MatchTheirPodTemplateLabels()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        var workloads = new (string Name, V1LabelSelector Selector, IDictionary<string, string> Labels)[]
        {
            ("DaemonSet/escni-node", manifests.DaemonSet.Spec.Selector, manifests.DaemonSet.Spec.Template.Metadata.Labels),
            ("Deployment/escni-projections", manifests.Projections.Spec.Selector, manifests.Projections.Spec.Template.Metadata.Labels),
        };

        foreach ((string name, V1LabelSelector selector, IDictionary<string, string> labels) in workloads)
        {
            Assert.NotEmpty(selector.MatchLabels);
            Assert.Null(selector.MatchExpressions);
            foreach ((string key, string value) in selector.MatchLabels)
            {
                Assert.True(labels.TryGetValue(key, out string? actual) && actual == value, $"{name}: selector {key}={value} does not match the pod template's labels");
            }
        }

        // Two workloads whose selectors overlap would fight over each other's pods.
        Assert.NotEqual(
            manifests.DaemonSet.Spec.Selector.MatchLabels["app.kubernetes.io/component"],
            manifests.Projections.Spec.Selector.MatchLabels["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Workloads_ReferencedServiceAccountsAndConfigMaps_Exist()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        foreach (V1PodTemplateSpec template in new[] { manifests.DaemonSet.Spec.Template, manifests.Projections.Spec.Template })
        {
            string account = template.Spec.ServiceAccountName;
            Assert.True(manifests.Contains<V1ServiceAccount>(account, "kube-system"), $"ServiceAccount '{account}' is referenced but not defined");

            IEnumerable<V1Container> containers = template.Spec.Containers.Concat(template.Spec.InitContainers ?? []);
            foreach (V1EnvFromSource source in containers.SelectMany(c => c.EnvFrom ?? []))
            {
                Assert.NotNull(source.ConfigMapRef);
                Assert.True(manifests.Contains<V1ConfigMap>(source.ConfigMapRef.Name, "kube-system"), $"ConfigMap '{source.ConfigMapRef.Name}' is referenced but not defined");
            }
        }
    }

    [Fact]
    public void Workloads_Images_AreTheOneNodeImage()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        var images = new[] { manifests.DaemonSet.Spec.Template, manifests.Projections.Spec.Template }
            .SelectMany(t => t.Spec.Containers.Concat(t.Spec.InitContainers ?? []))
            .Select(c => c.Image)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(new[] { "escni:0.2.0" }, images);
    }
}
