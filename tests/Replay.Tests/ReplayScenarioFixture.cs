using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>One closed scenario journal shared by a test class (the verbs only read it).</summary>
public sealed class ReplayScenarioFixture : IAsyncLifetime
{
    /// <summary>The scenario; its journal is closed, like a directory copied off a node.</summary>
    public ScenarioJournal Scenario { get; private set; } = null!;

    /// <summary>Its directory.</summary>
    public string Dir => Scenario.Directory;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Scenario = await ScenarioJournal.CreateAsync();
        await Scenario.CloseAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Scenario.DisposeAsync();
}
