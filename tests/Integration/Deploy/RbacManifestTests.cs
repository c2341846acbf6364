using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes/rbac.yaml: least privilege, which for escni-ipamd today is nothing at all.</summary>
public sealed class RbacManifestTests
{
    [Fact]
    public void ClusterRole_EscniNode_GrantsNothing()
    {
        // escni-ipamd reads nothing from the API server; a rule here needs a reason in rbac.yaml and a change to this test.
        V1ClusterRole role = KubernetesManifests.Repository.Single<V1ClusterRole>("escni-node");
        Assert.Empty(role.Rules ?? []);
        Assert.Null(role.AggregationRule);
    }

    [Fact]
    public void ClusterRoleBinding_EscniNode_BindsTheRoleToTheDaemonSetsAccount()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        V1ClusterRoleBinding binding = manifests.Single<V1ClusterRoleBinding>("escni-node");

        Assert.Equal("ClusterRole", binding.RoleRef.Kind);
        Assert.Equal("rbac.authorization.k8s.io", binding.RoleRef.ApiGroup);
        Assert.True(manifests.Contains<V1ClusterRole>(binding.RoleRef.Name, null), $"ClusterRole '{binding.RoleRef.Name}' is not defined");
        Rbacv1Subject subject = Assert.Single(binding.Subjects);
        Assert.Equal("ServiceAccount", subject.Kind);
        Assert.Equal(manifests.DaemonSet.Spec.Template.Spec.ServiceAccountName, subject.Name);
        Assert.Equal(manifests.DaemonSet.Metadata.NamespaceProperty, subject.NamespaceProperty);
    }

    [Fact]
    public void ServiceAccounts_Tokens_AreNeverMounted()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        Assert.All(manifests.All<V1ServiceAccount>(), a => Assert.False(a.AutomountServiceAccountToken, $"ServiceAccount {a.Metadata.Name} mounts a token"));
        Assert.False(manifests.DaemonSet.Spec.Template.Spec.AutomountServiceAccountToken);
        Assert.False(manifests.Projections.Spec.Template.Spec.AutomountServiceAccountToken);
        Assert.Empty(manifests.All<V1Role>());
        Assert.Empty(manifests.All<V1RoleBinding>());
    }
}
