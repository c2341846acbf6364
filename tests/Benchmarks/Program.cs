namespace EsCni.Benchmarks;

/// <summary>Entry point of the benchmarks.</summary>
internal static class Program
{
    private static int Main()
    {
        return 0;
    }
}
