namespace EsCni.Ipamd;

/// <summary>Entry point of escni-ipamd: parses the command line and runs the chosen verb.</summary>
internal static class Program
{
    private static int Main()
    {
        return 0;
    }
}
