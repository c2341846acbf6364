using System;
using System.Threading.Tasks;

namespace EsCni.Ec2Sim.Tests;

/// <summary>Waits for a condition that becomes true asynchronously (hotplug, attach delay), failing with a message after a generous bound.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string? what = null, int timeoutMs = 10_000)
    {
        DateTime deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what ?? "the condition"}");
            }
            await Task.Delay(25);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string? what = null, int timeoutMs = 10_000)
    {
        DateTime deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what ?? "the condition"}");
            }
            await Task.Delay(25);
        }
    }
}
