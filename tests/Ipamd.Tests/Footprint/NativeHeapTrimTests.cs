using System;
using System.Reflection;
using EsCni.Ipamd.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsCni.Ipamd.Tests.Footprint;

/// <summary>
/// What the daemon does to keep its footprint small (docs/benchmarks.md, "Daemon RSS"): the native heap trim reaches
/// glibc's malloc_trim, and the build string it no longer reads from the assembly's attributes is still the same one.
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
    public void BuildInfoVersion_WrittenAtBuildTime_IsTheAssemblysInformationalVersion()
    {
        string? attribute = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        Assert.NotNull(attribute);
        Assert.Equal(attribute, BuildInfo.Version);
    }
}
