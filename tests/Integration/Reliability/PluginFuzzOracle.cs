using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EsCni.Integration.Reliability;

/// <summary>Runs one fuzz case through the published plugin inside a namespace and judges what came out.</summary>
internal static class PluginFuzzOracle
{
    // The spec's well-known codes plus libcni's "internal" (999): anything else, or no code, is a broken error.
    private const int CniInternalCode = 999;

    private static readonly HashSet<int> s_validCodes = [1, 2, 3, 4, 5, 6, 7, 11, 50, 51, 999];

    // The plugin's last-resort handler answers 999 with the exception's type name in details: that is a crash that
    // happened to be caught, not an error the plugin meant to return (those name what was wrong, never a .NET type).
    private static readonly Regex s_dotnetExceptionType = new(@"\b[A-Z][A-Za-z]*Exception\b", RegexOptions.CultureInvariant);

    public static async Task<PluginResultOfCase> RunAsync(string plugin, string hostNetns, PluginFuzzCase fuzz)
    {
        var start = new ProcessStartInfo("nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("--net=" + hostNetns);
        start.ArgumentList.Add(plugin);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach ((string key, string? value) in fuzz.Environment)
        {
            if (value is not null)
            {
                start.Environment[key] = value;
            }
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(fuzz.Stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin may exit before reading everything (e.g. VERSION with a huge stdin): a closed pipe is fine.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new PluginResultOfCase(fuzz, -1, await stdout, await stderr, "did not exit within 30 s");
        }

        return Judge(fuzz, process.ExitCode, await stdout, await stderr);
    }

    private static PluginResultOfCase Judge(PluginFuzzCase fuzz, int exit, string stdout, string stderr)
    {
        string? problem = null;
        if (stdout.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            problem = "printed a stack trace";
        }
        else if (exit == 0)
        {
            if (stdout.Length > 0 && !IsJson(stdout))
            {
                problem = "exit 0 with stdout that is not JSON";
            }
        }
        else if (exit != 1)
        {
            problem = $"exit code {exit} (a crash or signal, not a CNI error)";
        }
        else
        {
            problem = ErrorProblem(stdout);
        }

        return new PluginResultOfCase(fuzz, exit, stdout, stderr, problem);
    }

    private static string? ErrorProblem(string stdout)
    {
        try
        {
            using JsonDocument error = JsonDocument.Parse(stdout);
            if (!error.RootElement.TryGetProperty("code", out JsonElement code) || code.ValueKind != JsonValueKind.Number || !s_validCodes.Contains(code.GetInt32()))
            {
                return "error JSON without a valid CNI code";
            }

            if (!error.RootElement.TryGetProperty("msg", out JsonElement msg) || string.IsNullOrWhiteSpace(msg.GetString()))
            {
                return "error JSON without msg";
            }

            string details = error.RootElement.TryGetProperty("details", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            if (code.GetInt32() == CniInternalCode && s_dotnetExceptionType.Match(details + " " + msg.GetString()) is { Success: true } type)
            {
                return $"code 999 naming {type.Value}: an unexpected exception, not a CNI error the plugin chose";
            }

            return null;
        }
        catch (JsonException)
        {
            return "exit 1 without CNI error JSON on stdout";
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using JsonDocument _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
