using System;
using System.Reflection;
using EsCni.Ipamd.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using EsCni.Testing;
using EsCni.Ipamd.Configuration;

namespace EsCni.Ipamd.Tests.Footprint;

/// <summary>
/// What the daemon does to keep its footprint small (docs/benchmarks.md, "Daemon RSS"): the native heap trim reaches
/// glibc's malloc_trim, runs as the daemon starts and then once a minute, and is one of the daemon's hosted services;
/// the build string it no longer reads from the assembly's attributes is still the same one.
/// </summary>
public sealed class NativeHeapTrimTests
{
    [Fact]
    public void TryTrim_OnThisGlibc_ReachesMallocTrim()
    {
        var trim = new NativeHeapTrim(TimeProvider.System, NullLogger<NativeHeapTrim>.Instance);

        Assert.True(trim.TryTrim(), "malloc_trim was not found in libc.so.6; the daemon would log that trimming is off");
    }

    [Fact]
    public async Task Started_TrimsAtOnceAndThenOnceAMinute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var trim = new NativeHeapTrim(time, NullLogger<NativeHeapTrim>.Instance);

        await trim.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => trim.Trims == 1, "the trim at start", TimeSpan.FromSeconds(10));
        time.Advance(NativeHeapTrim.Every - TimeSpan.FromSeconds(1));
        Assert.Equal(1, trim.Trims);
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => trim.Trims == 2, "the second trim a minute after the first", TimeSpan.FromSeconds(10));
        time.Advance(NativeHeapTrim.Every);
        await Poll.UntilAsync(() => trim.Trims == 3, "the third trim a minute later", TimeSpan.FromSeconds(10));
        await trim.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void BackgroundLoops_IncludeTheTrim()
    {
        var services = new ServiceCollection();
        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>()));

        services.AddBackgroundLoops(settings);

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(NativeHeapTrim));
    }

    [Fact]
    public void BuildInfoVersion_WrittenAtBuildTime_IsTheAssemblysInformationalVersion()
    {
        string? attribute = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        Assert.NotNull(attribute);
        Assert.Equal(attribute, BuildInfo.Version);
    }
}
