using System.Buffers.Binary;
using System.Text;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Egress;

/// <summary>
/// The node's 169.254.172.0/22 addresses for IPv6 pods' IPv4 egress: one file per reserved address, named by the
/// address, holding the attachment key and the host veth; every operation runs under an exclusive flock of the directory's lock file.
/// </summary>
/// <remarks>
/// The VPC CNI chains host-local IPAM for this range (egress-cni + host-local); we keep its shape — a directory of
/// reservations, a lock, a "last reserved" hint so a released address is not handed out again at once — inside the
/// plugin, so no second binary or daemon call is needed. The addresses never leave the node (they are SNATed to the
/// node's IPv4), so the daemon's journal does not need them. The default directory is on /run (tmpfs): the veths a
/// reservation describes do not survive a reboot either, so neither should the reservation (host-local's
/// /var/lib/cni/networks keeps stale ones across reboots). Each entry is written to a temp name and renamed, so a
/// crash leaves either no entry or a complete one; a leftover temp file is ignored.
/// </remarks>
internal sealed partial class EgressV4Pool : IDisposable
{
    /// <summary>169.254.172.0/22, the VPC CNI's v4 egress range (vpc-cni.md "Cross-family egress").</summary>
    public static readonly IPAddress Network = IPAddress.Parse("169.254.172.0");

    public const int PrefixLength = 22;

    /// <summary>The pods' IPv4 gateway: the first address, answered by the host end via a static ARP entry.</summary>
    public static readonly IPAddress Gateway = IPAddress.Parse("169.254.172.1");

    /// <summary>Pod addresses: .2 up to the last address before the /22's broadcast (1021 pods).</summary>
    private const uint FirstHost = 2;
    private const uint LastHost = (1u << (32 - PrefixLength)) - 2;
    private const string LockName = "lock";
    private const string HintName = "last_reserved_ip";
    private const int LockExclusive = 2; // LOCK_EX from <sys/file.h>; Tmds.LibC has no flock binding

    private readonly string _directory;
    private int _lockFd;

    private EgressV4Pool(string directory, int lockFd)
    {
        _directory = directory;
        _lockFd = lockFd;
    }

    /// <summary>Opens (creating, mode 0700) <paramref name="directory"/> and waits for its lock.</summary>
    /// <exception cref="IOException">The directory or the lock cannot be opened; the message names the path.</exception>
    public static unsafe EgressV4Pool Open(string directory)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string lockPath = Path.Combine(directory, LockName);
        byte[] path = Encoding.UTF8.GetBytes(lockPath + "\0");
        int fd;
        fixed (byte* p = path)
        {
            fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 384 /* 0600 */);
        }

        if (fd < 0)
        {
            throw new IOException($"open({lockPath}) failed: errno {errno}");
        }

        // Blocking: concurrent ADDs of one node queue here for the few file operations below. EINTR is retried.
        while (flock(fd, LockExclusive) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error != EINTR)
            {
                _ = close(fd);
                throw new IOException($"flock({lockPath}) failed: errno {error}");
            }
        }

        return new EgressV4Pool(directory, fd);
    }

    /// <summary>The reservation of <paramref name="key"/>, or null.</summary>
    public Reservation? Find(string key) => Entries().Find(e => e.Key == key);

    /// <summary>Reserves an address for <paramref name="key"/>; a key that holds one gets the same one back.</summary>
    /// <param name="key">The CNI attachment: network/container id/ifname.</param>
    /// <param name="hostVeth">The egress veth's host end, kept so GC can remove it knowing only the key.</param>
    /// <exception cref="CniException">All 1021 addresses are reserved.</exception>
    public IPAddress Reserve(string key, string hostVeth)
    {
        List<Reservation> entries = Entries();
        if (entries.Find(e => e.Key == key) is { } held)
        {
            return held.Address;
        }

        var taken = entries.Select(e => HostOf(e.Address)).ToHashSet();
        uint start = ReadHint() is { } last && last >= FirstHost && last < LastHost ? last + 1 : FirstHost;
        uint count = LastHost - FirstHost + 1;
        for (uint i = 0; i < count; i++)
        {
            uint host = FirstHost + ((start - FirstHost + i) % count);
            if (!taken.Contains(host))
            {
                IPAddress address = AddressOf(host);
                WriteAtomically(address.ToString(), key + "\n" + hostVeth);
                WriteAtomically(HintName, address.ToString());
                return address;
            }
        }

        throw new CniException(
            CniErrorCode.TryAgainLater,
            $"every IPv4 egress address of {Network}/{PrefixLength} is reserved ({count}) in {_directory}",
            "delete pods, or run CNI GC to release reservations of sandboxes that are gone");
    }

    /// <summary>Drops <paramref name="reservation"/> (gone already counts as done).</summary>
    public void Release(Reservation reservation) => File.Delete(Path.Combine(_directory, reservation.Address.ToString()));

    /// <summary>Every reservation in the directory.</summary>
    public List<Reservation> Entries()
    {
        var entries = new List<Reservation>();
        foreach (string path in Directory.EnumerateFiles(_directory))
        {
            string name = Path.GetFileName(path);
            if (IPAddress.TryParse(name, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetwork
                && name == address.ToString())
            {
                string[] lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                entries.Add(new Reservation(address, lines.ElementAtOrDefault(0) ?? "", lines.ElementAtOrDefault(1) ?? ""));
            }
        }

        return entries;
    }

    /// <summary>The (network/container id/ifname) key of an attachment, as the daemon keys its allocations.</summary>
    public static string KeyOf(string network, string containerId, string ifName) => $"{network}/{containerId}/{ifName}";

    public void Dispose()
    {
        int fd = _lockFd;
        _lockFd = -1;
        if (fd >= 0)
        {
            _ = close(fd); // closing the descriptor drops the flock
        }
    }

    private static uint HostOf(IPAddress address) =>
        BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) - BinaryPrimitives.ReadUInt32BigEndian(Network.GetAddressBytes());

    private static IPAddress AddressOf(uint host)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, BinaryPrimitives.ReadUInt32BigEndian(Network.GetAddressBytes()) + host);
        return new IPAddress(bytes);
    }

    private uint? ReadHint()
    {
        string path = Path.Combine(_directory, HintName);
        return File.Exists(path) && IPAddress.TryParse(File.ReadAllText(path).Trim(), out IPAddress? last) ? HostOf(last) : null;
    }

    private void WriteAtomically(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, content + "\n");
        File.Move(temp, path, overwrite: true);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    /// <summary>One reserved address and whose it is.</summary>
    public sealed record Reservation(IPAddress Address, string Key, string HostVeth);
}
