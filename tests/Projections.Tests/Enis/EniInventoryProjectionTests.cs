using System.Linq;
using System.Threading.Tasks;
using EsCni.Journal;
using EsCni.Projections.Enis;
using EsCni.Projections.Replay;
using EsCni.Projections.Tests.Support;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Enis;

public sealed class EniInventoryProjectionTests
{
    [Fact]
    public async Task Apply_ScenarioJournal_JoinsTheCreateIntentToTheEniLife()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        EniInventoryProjection projection = new();

        JournalReplay.Run(JournalReader.Open(scenario.Directory), ReplayRange.All, null, projection);

        EniInventory inventory = projection.Inventory;
        Assert.Equal(["eni-primary", "eni-second"], inventory.Enis.Select(e => e.Name));
        EniLifecycle second = inventory.Find("eni-second")!;
        Assert.Equal(("tok-1", "subnet-b", 1, EniPhase.Deleted), (second.ClientToken, second.SubnetId, second.DeviceIndex!.Value, second.Phase));
        Assert.Equal(["EniCreateRequested", "EniCreated", "EniAttached", "EniDetachRequested", "EniDetached", "EniDeleted"], second.Steps.Select(s => s.Event));
        Assert.Equal("aws-create-1", second.Steps[1].Cause.AwsRequestId);
        Assert.Equal(ScenarioJournal.At(255), second.FirstAt("EniDetached"));
        Assert.Equal(EniPhase.Attached, inventory.Find("eni-primary")!.Phase);
    }
}
