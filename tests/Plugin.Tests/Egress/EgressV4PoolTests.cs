extern alias plugin;

using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using plugin::EsCni.Plugin.Cni;
using plugin::EsCni.Plugin.Egress;

namespace EsCni.Plugin.Tests.Egress;

/// <summary>The IPv4 egress address store on a real directory: same key same address, round-robin, release, concurrency, exhaustion.</summary>
public sealed class EgressV4PoolTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "escni-pt-egress-pool-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Reserve_SameKeyTwice_ReturnsTheSameAddressInTheRange()
    {
        IPAddress first;
        using (EgressV4Pool pool = EgressV4Pool.Open(_directory))
        {
            first = pool.Reserve("net/c1/eth0", "eg4aaaaaaaaaaa");
        }

        using EgressV4Pool reopened = EgressV4Pool.Open(_directory);
        Assert.Equal(first, reopened.Reserve("net/c1/eth0", "eg4aaaaaaaaaaa"));
        Assert.Equal(IPAddress.Parse("169.254.172.2"), first);
        Assert.Equal(new EgressV4Pool.Reservation(first, "net/c1/eth0", "eg4aaaaaaaaaaa"), reopened.Find("net/c1/eth0"));
    }

    [Fact]
    public void Release_ThenReserve_DoesNotHandTheReleasedAddressOutAtOnce()
    {
        using EgressV4Pool pool = EgressV4Pool.Open(_directory);
        IPAddress a = pool.Reserve("net/a/eth0", "eg4a");
        pool.Release(pool.Find("net/a/eth0")!);
        IPAddress b = pool.Reserve("net/b/eth0", "eg4b");

        Assert.Null(pool.Find("net/a/eth0"));
        Assert.NotEqual(a, b);
        Assert.Equal([b], pool.Entries().Select(e => e.Address).ToArray());
    }

    [Fact]
    public async Task Reserve_ConcurrentKeys_EachGetsItsOwnAddress()
    {
        IPAddress[] addresses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
        {
            using EgressV4Pool pool = EgressV4Pool.Open(_directory);
            return pool.Reserve($"net/c{i}/eth0", $"eg4{i}");
        })));

        Assert.Equal(24, addresses.Distinct().Count());
    }

    [Fact]
    public void Reserve_AllAddressesTaken_FailsTryAgainLaterNamingTheRange()
    {
        Directory.CreateDirectory(_directory);
        for (int host = 2; host <= 1022; host++)
        {
            File.WriteAllText(Path.Combine(_directory, $"169.254.{172 + host / 256}.{host % 256}"), $"net/other{host}/eth0\neg4x\n");
        }

        using EgressV4Pool pool = EgressV4Pool.Open(_directory);
        CniException e = Assert.Throws<CniException>(() => pool.Reserve("net/late/eth0", "eg4late"));

        Assert.Equal(CniErrorCode.TryAgainLater, e.Code);
        Assert.Contains("169.254.172.0/22", e.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
