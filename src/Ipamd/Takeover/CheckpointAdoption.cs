using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace EsCni.Ipamd.Takeover;

/// <summary>
/// Turns the VPC CNI checkpoint's allocations into journal allocations, each checked against EC2 (the IP is in the
/// pool of one of this instance's ENIs, which the reconciler has just read from DescribeNetworkInterfaces) and the
/// host (a main-table /32 route to it through the `eni…` veth the VPC CNI names after the pod, peer in a pod netns).
/// </summary>
/// <remarks>
/// An entry the pool refuses (IP not on this instance, owned by another key) is recorded as drift with the refusal,
/// and host evidence keeps its IP out of use; an entry the host disagrees with is adopted and quarantined with the
/// evidence, so its IP is never handed out while its DEL or GC can still release it. No entry is dropped silently.
/// </remarks>
internal sealed partial class CheckpointAdoption(string source)
{
    /// <summary>What the adoption pass did, for the log.</summary>
    public sealed record Outcome(int Adopted, int Quarantined, int Refused);

    /// <summary>The host veth the VPC CNI gives a pod: "eni" + 11 hex digits of sha1("namespace.pod") (pkg/networkutils/names.go).</summary>
    public static string HostVethOf(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
#pragma warning disable CA5350 // a link name the VPC CNI derives the same way, not a security use
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{pod.Namespace}.{pod.Name}"));
#pragma warning restore CA5350
        return "eni" + Convert.ToHexStringLower(hash)[..11];
    }

    /// <summary>Why the host disagrees with the entry, or null when it shows the pod on the IP as the entry says.</summary>
    public static string? HostDisagreement(VpcCniCheckpointEntry entry, PodHostState host)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(host);
        return HostDisagreement(entry, IPAddress.Parse(entry.Ipv4 ?? string.Empty), host.HostRoutes, host.Veths, "/32");
    }

    // The same check for either family: the pod's host route (main table) through the veth named after the pod, peer in a pod netns.
    private static string? HostDisagreement(VpcCniCheckpointEntry entry, IPAddress ip, IReadOnlyList<PodHostRoute> routes, IReadOnlyList<PodVeth> veths, string hostRoute)
    {
        string expected = HostVethOf(entry.Pod);
        PodHostRoute? route = routes.FirstOrDefault(r => r.PodIp.Equals(ip));
        if (route is null)
        {
            return $"checkpoint says {ip} is {entry.Pod} ({entry.Key}), but the host has no {hostRoute} route to it through a pod veth (expected {expected})";
        }

        if (route.Device != expected)
        {
            return $"checkpoint says {ip} is {entry.Pod} ({entry.Key}), whose veth is {expected}, but the host routes it to {route.Device}";
        }

        PodVeth? veth = veths.FirstOrDefault(v => v.Name == expected);
        return veth?.PeerNetnsId is null
            ? $"checkpoint says {ip} is {entry.Pod} ({entry.Key}) and the host routes it to {expected}, but that veth's peer is in no other namespace"
            : null;
    }

    /// <summary>Adopts every entry (idempotent per key and IP) and returns the counts.</summary>
    public async Task<Outcome> AdoptAsync(DurableNodePool pool, IReadOnlyList<VpcCniCheckpointEntry> entries, PodHostState host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(entries);
        Dictionary<Ipv4Address, string> eniOf = pool.Read(p => p.GetEnis())
            .SelectMany(e => e.Ips.AsSpan().ToArray().Select(ip => (ip, e.EniId)))
            .ToDictionary(p => p.ip, p => p.EniId);
        Cause cause = Cause.Of(CauseKind.Reconciler);
        int adopted = 0, quarantined = 0, refused = 0;
        foreach (VpcCniCheckpointEntry entry in entries)
        {
            string eni = eniOf.GetValueOrDefault(entry.Ip, string.Empty);
            Decision decision = await pool.SubmitAsync(new AdoptAllocation(now, cause, entry.Ip, eni, entry.Key, entry.Pod, entry.AllocatedAt, source), cancellationToken)
                .ConfigureAwait(false);
            if (!decision.Accepted)
            {
                refused++;
                await pool.SubmitAsync(new RecordDrift(now, cause, entry.Ip.ToString(), $"not adopted from {source}: {entry.Key} ({entry.Pod})",
                    decision.Rejection!.Message), cancellationToken).ConfigureAwait(false);
                continue;
            }

            adopted++;
            if (HostDisagreement(entry, host) is { } evidence)
            {
                quarantined++;
                await pool.SubmitAsync(new QuarantineAllocation(now, cause, entry.Ip, evidence), cancellationToken).ConfigureAwait(false);
            }
        }

        return new Outcome(adopted, quarantined, refused);
    }
}
