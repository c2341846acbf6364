using EsCni.Integration.Deploy;

namespace EsCni.Integration.Image;

/// <summary>What the node image built by ./scripts/image.sh holds: the daemon, plugin and escni-node, and nothing of the build.</summary>
public sealed class ImageContentsTests
{
    [DeployFact(DeployRequirement.Image)]
    public void NodeImage_HoldsRuntimeAndEscni_NoSdkNoTestCode()
    {
        (int exitCode, string output) = PodmanPod.RunOnce(ImageUnderTest.Required, "sh", "-c",
            "echo sdks: $(dotnet --list-sdks | wc -l); ls /usr/share/dotnet; "
            + "find / -xdev \\( -name '*.Tests.dll' -o -name 'EsCni.Ec2Sim*' -o -name 'EsCni.TestSupport*' -o -name 'xunit*' -o -name '*.csproj' -o -name '*.cs' \\) -print | sed 's/^/build-or-test: /'; "
            + "ls -l /opt/escni/ipamd/escni-ipamd /opt/escni/cni/escni /usr/local/bin/escni-node /usr/lib/cni; escni-ipamd --help >/dev/null 2>&1 && echo cli-runs");

        Assert.True(exitCode == 0, output);
        Assert.Contains("sdks: 0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\nsdk\n", "\n" + output, StringComparison.Ordinal);
        Assert.DoesNotContain("build-or-test: ", output, StringComparison.Ordinal);
        Assert.Contains("cli-runs", output, StringComparison.Ordinal);

        // Of the CNI plugins package only portmap, which the conflist chains.
        Assert.Contains("portmap", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" bridge\n", output, StringComparison.Ordinal);
    }
}
