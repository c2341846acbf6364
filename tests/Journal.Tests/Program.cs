using System;
using System.Threading.Tasks;
using EsCni.Journal.Tests.Recovery;

namespace EsCni.Journal.Tests;

/// <summary>Entry point: the test host ignores it; the SIGKILL crash test runs this assembly as its child process.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 2 && args[0] == CrashChild.Verb)
        {
            return await CrashChild.RunAsync(args[1]);
        }

        Console.Error.WriteLine($"usage: dotnet EsCni.Journal.Tests.dll {CrashChild.Verb} <journal-dir> (run the tests with dotnet test)");
        return 2;
    }
}
