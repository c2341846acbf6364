using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>Runs a real process (ip, the plugin, ...) and captures its output.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string file, IEnumerable<string> args, string? stdin = null, IDictionary<string, string?>? env = null, bool clearCniEnv = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (clearCniEnv)
        {
            foreach (string name in new[] { "CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH" })
            {
                info.Environment.Remove(name);
            }
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not exit within 60 s");
        }

        return new Result(process.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    /// <summary>Runs `ip ARGS` and fails the test if it fails.</summary>
    public static string Ip(params string[] args)
    {
        Result result = Run("ip", args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout;
    }

    /// <summary>Runs `ip -j ARGS` and parses the JSON array it prints.</summary>
    public static JsonElement[] IpJson(params string[] args)
    {
        string text = Ip(["-j", .. args]).Trim();
        if (text.Length == 0)
        {
            return [];
        }

        using JsonDocument document = JsonDocument.Parse(text);
        var items = new List<JsonElement>();
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            items.Add(item.Clone());
        }

        return items.ToArray();
    }
}
