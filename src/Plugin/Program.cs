namespace EsCni.Plugin;

/// <summary>Entry point of the escni CNI plugin: dispatches CNI_COMMAND to one verb.</summary>
internal static class Program
{
    private static int Main()
    {
        return 0;
    }
}
