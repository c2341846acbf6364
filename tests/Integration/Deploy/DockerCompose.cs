using System.Diagnostics;

namespace EsCni.Integration.Deploy;

/// <summary>Runs Debian's docker-compose (1.29, Python) on a compose file; `config` needs no Docker daemon.</summary>
internal static class DockerCompose
{
    public static string? Path { get; } = Find();

    /// <summary>`docker-compose -f FILE config -q`: exit code and stderr (empty when the file is valid).</summary>
    public static (int ExitCode, string Stderr) Validate(string composeFile)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("docker-compose is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = System.IO.Path.GetDirectoryName(composeFile),
        };
        foreach (string arg in new[] { "-f", composeFile, "config", "-q" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker-compose");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker-compose config on {composeFile} did not finish within 60 s");
        }

        return (process.ExitCode, stderr.Result);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "docker-compose"))
            .FirstOrDefault(File.Exists);
}
