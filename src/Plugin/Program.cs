using EsCni.Plugin.Commands;
using EsCni.Plugin.Logging;

namespace EsCni.Plugin;

/// <summary>Entry point of the escni CNI plugin: dispatches CNI_COMMAND to one verb.</summary>
internal static class Program
{
    private static async Task<int> Main()
    {
        PhaseTrace.Start(Environment.GetEnvironmentVariable("ESCNI_PLUGIN_TRACE"));
        using Stream stdout = Console.OpenStandardOutput();
        // Console.Error is not touched unless something is written to it: creating the writer (encoding, stream) is
        // start-up work an ADD that succeeds does not need.
        string? version = null;
        PluginLog? log = null;
        try
        {
            CniCommand command = CniEnvironment.ReadCommand(Environment.GetEnvironmentVariable);
            using Stream stdin = Console.OpenStandardInput();
            byte[] input = NetConfReader.ReadAll(stdin);
            PhaseTrace.Mark("read stdin and CNI_* variables");
            if (command == CniCommand.Version)
            {
                return VersionCommand.Run(input, stdout);
            }

            CniEnvironment env = CniEnvironment.Read(command, Environment.GetEnvironmentVariable);
            NetConf config = NetConfReader.Decode(input);
            version = config.CniVersion;
            NetConfReader.Validate(config);
            PhaseTrace.Mark("parse and validate config");

            string requestId = Invocation.NewRequestId();
            log = PluginLog.Open(config.LogFile, config.LogLevel, $"{command.Verb()} {env.ContainerId}/{env.IfName} [{requestId}]");
            var call = new Invocation(env, config, log, requestId, stdout);
            PhaseTrace.Mark("open log");
            return command switch
            {
                CniCommand.Add => await AddCommand.RunAsync(call),
                CniCommand.Del => await DelCommand.RunAsync(call),
                CniCommand.Check => await CheckCommand.RunAsync(call),
                CniCommand.Status => await StatusCommand.RunAsync(call),
                CniCommand.Gc => await GcCommand.RunAsync(call),
                _ => throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_COMMAND {command} has no handler"),
            };
        }
        catch (Exception e)
        {
            // Every failure leaves as the spec's error JSON on stdout; stderr gets a line for humans.
            CniException error = e as CniException
                ?? new CniException(CniErrorCode.Internal, e.Message, e.GetType().Name);
            if (log is null)
            {
                Console.Error.WriteLine($"escni: error {error.Code}: {error.Message}");
            }
            else
            {
                log.Error($"error {error.Code}: {error.Message} {error.Details}");
            }

            CniResultWriter.WriteError(stdout, error, version);
            return 1;
        }
        finally
        {
            log?.Dispose();
            PhaseTrace.Mark("exit");
            PhaseTrace.Write();
        }
    }
}
