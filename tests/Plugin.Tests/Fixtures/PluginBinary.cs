using System;
using System.IO;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>Finds the published NativeAOT escni binary, publishing it once if CI did not.</summary>
public static class PluginBinary
{
    private static readonly Lazy<string> s_path = new(Locate);

    public static string Path => s_path.Value;

    private static string Locate()
    {
        // scripts/test.sh publishes to $ESCNI_ARTIFACTS/plugin before running the tests.
        string? artifacts = Environment.GetEnvironmentVariable("ESCNI_ARTIFACTS");
        if (!string.IsNullOrEmpty(artifacts))
        {
            string published = System.IO.Path.Combine(artifacts, "plugin", "escni");
            if (File.Exists(published))
            {
                return published;
            }
        }

        string root = RepoRoot();
        string output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "escni-pt-plugin-" + Environment.ProcessId);
        Shell.Result result = Shell.Run(
            "dotnet",
            ["publish", System.IO.Path.Combine(root, "src", "Plugin"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v", "q"],
            clearCniEnv: false);
        string binary = System.IO.Path.Combine(output, "escni");
        if (result.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"publishing the plugin failed ({result.ExitCode}): {result.Stdout}{result.Stderr}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        return binary;
    }

    private static string RepoRoot()
    {
        string? root = Environment.GetEnvironmentVariable("ESCNI_REPO_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EsCni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (EsCni.sln); set ESCNI_REPO_ROOT");
    }
}
