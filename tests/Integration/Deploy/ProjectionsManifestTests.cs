using System.Text.RegularExpressions;
using EsCni.Integration.Support;
using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes/projections.yaml: the one central projections process and its store Secret.</summary>
public sealed partial class ProjectionsManifestTests
{
    private static readonly V1Deployment s_deployment = KubernetesManifests.Repository.Projections;

    [Fact]
    public void Deployment_Rollout_StartsTheNewProcessBeforeStoppingTheOld()
    {
        // Safe only because `projections run` elects a leader (HotCold, checked below): the new pod waits for the lock.
        Assert.Equal(1, s_deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", s_deployment.Spec.Strategy.Type);
        Assert.Equal("0", s_deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", s_deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
    }

    [Fact]
    public void Containers_MigrateThenRun_AgainstTheStoreSecret()
    {
        V1PodSpec pod = s_deployment.Spec.Template.Spec;
        V1Container migrate = Assert.Single(pod.InitContainers);
        V1Container run = Assert.Single(pod.Containers);

        // No --postgres: the verbs default to ESCNI_POSTGRES, and a password in argv is visible to `ps` on the node.
        Assert.Equal(new[] { "escni-ipamd", "projections", "migrate" }, migrate.Command);
        Assert.Equal(new[] { "escni-ipamd", "projections", "run" }, run.Command);
        foreach (V1Container container in new[] { migrate, run })
        {
            V1SecretKeySelector secret = container.Env.Single(e => e.Name == "ESCNI_POSTGRES").ValueFrom.SecretKeyRef;
            Assert.Equal("escni-postgres", secret.Name);
            Assert.Equal("connection-string", secret.Key);
            Assert.NotEqual(true, secret.Optional);
        }
    }

    [Fact]
    public void Commands_EveryVariableReference_IsDefinedInItsContainer()
    {
        // kubelet leaves an undefined $(NAME) as it is, so a typo would reach the process as a literal connection string.
        KubernetesManifests manifests = KubernetesManifests.Repository;
        IEnumerable<V1Container> containers = new[] { manifests.DaemonSet.Spec.Template.Spec, s_deployment.Spec.Template.Spec }
            .SelectMany(p => p.Containers.Concat(p.InitContainers ?? []));
        foreach (V1Container container in containers)
        {
            var defined = (container.Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            IEnumerable<string> referenced = (container.Command ?? []).Concat(container.Args ?? [])
                .SelectMany(a => VariableReference().Matches(a).Select(m => m.Groups[1].Value));
            Assert.All(referenced, name => Assert.True(defined.Contains(name), $"container {container.Name} references $({name}) but does not define it"));
        }
    }

    /// <summary>The manifest's command exists in the published binary, and its store comes from ESCNI_POSTGRES (the Secret).</summary>
    [Fact]
    public void Command_ProjectionsVerbs_ExistAndReadTheStoreFromTheEnvironment()
    {
        (int helpCode, string help, _) = NetworkNamespace.TryRun(RepoPaths.Daemon, "projections", "--help");
        Assert.True(helpCode == 0, help);
        Assert.Matches(@"(?m)^\s+run\s", help);
        Assert.Matches(@"(?m)^\s+migrate\s", help);

        // Neither --postgres nor ESCNI_POSTGRES: refused naming the variable the manifest sets, not run against nothing.
        var start = new System.Diagnostics.ProcessStartInfo(RepoPaths.Daemon) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("projections");
        start.ArgumentList.Add("migrate");
        start.Environment.Remove("ESCNI_POSTGRES");
        using var migrate = System.Diagnostics.Process.Start(start)!;
        string stderr = migrate.StandardError.ReadToEnd();
        migrate.WaitForExit();
        Assert.Equal(2, migrate.ExitCode);
        Assert.Contains("ESCNI_POSTGRES", stderr, StringComparison.Ordinal);

        // One projections process holds the advisory lock, the other waits (the Deployment runs two replicas).
        string run = DeployFiles.Read(Path.Combine(DeployFiles.Root, "src", "Ipamd", "Cli", "Projections", "ProjectionsRunCommand.cs"));
        Assert.Contains("DaemonMode.HotCold", run, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
