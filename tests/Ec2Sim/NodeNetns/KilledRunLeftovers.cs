using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.NodeNetns;

/// <summary>
/// Removes what a simulator killed on the same node namespace left behind, before this run adds its links:
/// the peer namespace "&lt;netns&gt;-nics" and the ENI links in the node namespace.
/// </summary>
/// <remarks>
/// SIGKILL skips <see cref="NodeHotplug.DisposeAsync"/>. Under `ip netns exec` (how the demo and the Integration tests
/// start the simulator) the process has a mount namespace of its own: the "-nics" namespace it bind-mounted dies with
/// it, leaving /run/netns/&lt;netns&gt;-nics as an empty file that `ip link add … netns` refuses with EINVAL. Started
/// without one, the namespace survives with the old veth peers. Only what is provably the simulator's is removed: the
/// peer namespace by its name, and node links named eth&lt;N&gt; whose MAC is one the simulator hands out (a scenario
/// ENI's, or 02:00 followed by an address of one of its subnets). Anything else in the namespace is left alone.
/// </remarks>
internal static class KilledRunLeftovers
{
    /// <summary>Deletes the leftovers, naming each on stderr.</summary>
    public static async Task RemoveAsync(Simulator simulator, string netns, string peerNetns, CancellationToken cancellationToken)
    {
        string links = await IpCommand.OutputAsync(cancellationToken, "-j", "-n", netns, "link", "show");
        using (JsonDocument document = JsonDocument.Parse(links))
        {
            foreach (JsonElement link in document.RootElement.EnumerateArray())
            {
                string name = link.GetProperty("ifname").GetString() ?? "";
                string mac = link.TryGetProperty("address", out JsonElement address) ? address.GetString() ?? "" : "";
                if (IsEniLinkName(name) && IsHandedOut(simulator, mac))
                {
                    // Deleting one end of a veth deletes its peer in the old "-nics" namespace too.
                    await IpCommand.RunAsync(cancellationToken, "-n", netns, "link", "del", name);
                    await Console.Error.WriteLineAsync($"ec2sim: node netns {netns}: removed {name} ({mac}) left by an earlier run");
                }
            }
        }
        if (File.Exists(Path.Combine("/run/netns", peerNetns)))
        {
            await IpCommand.RunAsync(cancellationToken, "netns", "del", peerNetns);
            await Console.Error.WriteLineAsync($"ec2sim: node netns {netns}: removed the peer namespace {peerNetns} left by an earlier run");
        }
    }

    private static bool IsEniLinkName(string name) =>
        name.Length > 3 && name.StartsWith("eth", StringComparison.Ordinal) && name[3..].All(char.IsAsciiDigit);

    private static bool IsHandedOut(Simulator simulator, string mac)
    {
        if (simulator.Enis.Values.Any(e => string.Equals(e.MacAddress, mac, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return TryDecodeAddress(mac, out uint address) && simulator.Subnets.Any(s => s.Cidr.Contains(address));
    }

    // The inverse of the simulator's MAC scheme: 02:00:0a:0a:00:0a ← 10.10.0.10.
    private static bool TryDecodeAddress(string mac, out uint address)
    {
        address = 0;
        string[] parts = mac.Split(':');
        if (parts.Length != 6 || parts[0] != "02" || parts[1] != "00")
        {
            return false;
        }
        foreach (string part in parts[2..])
        {
            if (!byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte octet))
            {
                return false;
            }
            address = (address << 8) | octet;
        }
        return true;
    }
}
