using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace EsCni.Ec2Sim;

/// <summary>Entry point of the EC2/IMDS simulator: parse flags, start, print the listening line, run until SIGINT/SIGTERM.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (!SimCommandLine.TryParse(args, out SimOptions options, out List<string> errors))
        {
            foreach (string error in errors)
            {
                await Console.Error.WriteLineAsync("ec2sim: " + error);
            }
            await Console.Error.WriteLineAsync(SimCommandLine.Usage);
            return 2;
        }
        Ec2SimHandle sim;
        try
        {
            sim = await Ec2SimHost.StartAsync(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.IO.IOException)
        {
            await Console.Error.WriteLineAsync("ec2sim: cannot start: " + e.Message);
            return 1;
        }
        await using (sim)
        {
            var stopped = new TaskCompletionSource();
            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            // Scripts wait for exactly this line; print it only once the port accepts connections.
            Console.Out.WriteLine($"listening on http://127.0.0.1:{sim.Endpoint.Port}");
            Console.Out.Flush();
            await stopped.Task;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stopped.TrySetResult();
            }
        }
        return 0;
    }
}
