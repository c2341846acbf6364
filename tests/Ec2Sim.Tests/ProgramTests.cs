using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace EsCni.Ec2Sim.Tests;

/// <summary>The process form others start: flags, the listening line, a real SDK call, a clean stop.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_PortZero_PrintsListeningLineAndServesEc2()
    {
        using Process process = Start("--port", "0", "--scenario", ScenarioPath(), "--throttle-rate", "0");
        try
        {
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Match match = Regex.Match(line ?? "", @"^listening on http://127\.0\.0\.1:(\d+)$");
            Assert.True(match.Success, $"first stdout line was '{line}'");
            using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("a", "b"), new AmazonEC2Config
            {
                ServiceURL = $"http://127.0.0.1:{match.Groups[1].Value}/",
                AuthenticationRegion = "us-west-2",
                MaxErrorRetry = 0,
            });
            DescribeInstancesResponse response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());
            Assert.Equal("i-0sim00000000000001", response.Reservations.Single().Instances.Single().InstanceId);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Main_BadFlags_ExitsWithCode2NamingEachProblem()
    {
        using Process process = Start("--port", "70000", "--error-rate", "7", "--bogus", "x");

        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--port '70000'", stderr, StringComparison.Ordinal);
        Assert.Contains("--error-rate '7'", stderr, StringComparison.Ordinal);
        Assert.Contains("unknown flag '--bogus'", stderr, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        // The test project references the simulator, so its dll and runtimeconfig sit beside this assembly.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EsCni.Ec2Sim.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    private static string ScenarioPath()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EsCni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return Path.Combine(dir ?? Environment.GetEnvironmentVariable("ESCNI_REPO_ROOT") ?? ".", "tests", "Ec2Sim", "scenarios", "default.json");
    }
}
