namespace EsCni.Ec2Sim;

/// <summary>Entry point of the EC2/IMDS simulator.</summary>
internal static class Program
{
    private static int Main()
    {
        return 0;
    }
}
