using EsCni.Ipamd.Cli;

namespace EsCni.Ipamd;

/// <summary>Entry point of escni-ipamd: parses the command line and runs the chosen verb (<c>run</c> by default).</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        IpamdCommandLine.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
}
