using System.CommandLine;
using EsCni.Ipamd.Hosting;

namespace EsCni.Ipamd.Cli;

/// <summary><c>escni-ipamd run</c>: the node daemon, configured entirely by environment variables (docs/configuration.md).</summary>
public static class RunCommand
{
    /// <summary>Exit code when the configuration is invalid.</summary>
    public const int ExitConfigurationInvalid = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("run", "Run the daemon: recover the pool from the journal, serve the CNI plugin, keep the warm pool (configured by environment variables)");
        command.SetAction((parseResult, cancellationToken) => RunAsync(stdout, stderr, cancellationToken));
        return command;
    }

    /// <summary>Reads the configuration and runs the daemon until SIGTERM/SIGINT.</summary>
    public static async Task<int> RunAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        IpamdSettings settings;
        try
        {
            settings = IpamdSettings.Read(SettingsReader.FromProcessEnvironment());
        }
        catch (ConfigurationException ex)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitConfigurationInvalid;
        }

        return await DaemonRunner.RunAsync(settings, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }
}
