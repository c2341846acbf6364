using System.Collections.Generic;
using System.Linq;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>GC (1.1.0): valid attachments are forwarded; released IPs lose their host route and rules.</summary>
[Collection(PluginCollection.Name)]
public sealed class GcCommandTests(PluginFixture fixture)
{
    [Fact]
    public void Gc_AttachmentNotValid_ReleasedAndHostCleaned()
    {
        using var kept = new PodUnderTest(fixture, "1.1.0");
        kept.AddOrFail();
        // A second pod on the same node that the runtime forgot.
        using var forgotten = new TestNamespace("pod");
        string forgottenId = PluginFixture.NewContainerId();
        Shell.Result add = fixture.Run(kept.Node, "ADD", forgottenId, forgotten.Path, "eth0", fixture.Config("1.1.0"));
        Assert.True(add.ExitCode == 0, add.Stdout + add.Stderr);
        string forgottenIp = fixture.Ipamd.Allocations.Single(a => a.Key.ContainerId == forgottenId).Value.Ipv4Addr;
        // Other tests' allocations live in the same double; list them as valid so GC leaves them alone.
        string others = string.Concat(fixture.Ipamd.Allocations.Keys.Where(k => k.ContainerId != forgottenId)
            .Select(k => $", {{\"containerID\": \"{k.ContainerId}\", \"ifname\": \"{k.IfName}\"}}"));
        string extra = $", \"cni.dev/valid-attachments\": [{{\"containerID\": \"{kept.ContainerId}\", \"ifname\": \"eth0\"}}{others}]";

        Shell.Result result = fixture.RunRaw(kept.Node, new Dictionary<string, string?> { ["CNI_COMMAND"] = "GC", ["CNI_PATH"] = "/usr/lib/cni" },
            fixture.Config("1.1.0", extra: extra));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        GcRequest request = fixture.Ipamd.CallsOf<GcRequest>().Last();
        Assert.Contains(request.ValidAttachments, a => a.ContainerId == kept.ContainerId && a.IfName == "eth0");
        Assert.DoesNotContain(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == forgottenId);
        Assert.Contains(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == kept.ContainerId);
        Assert.Empty(AddCommandTests.PodRules(kept.Node, forgottenIp));
        Assert.Single(AddCommandTests.PodRules(kept.Node, kept.PodIp));
    }
}
