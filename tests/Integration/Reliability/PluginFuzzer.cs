using System.Text;
using System.Text.Json.Nodes;

namespace EsCni.Integration.Reliability;

/// <summary>
/// Generates hostile plugin invocations from a seed: random and mutated valid CNI environments, and stdin that is a
/// valid config with fields removed or retyped, a valid config with its bytes mutated, deep nesting, huge documents or noise.
/// </summary>
/// <remarks>
/// Paths the plugin writes to or deletes in (logFile, CNI_NETNS on DEL) come only from <see cref="PluginFuzzTargets"/>
/// and a fixed list of harmless values, never from a mutation: a fuzz case must not be able to append to /etc/passwd or
/// delete a link in the machine's own namespace. Byte-level mutation is applied to configs without a logFile for the same reason.
/// </remarks>
internal static class PluginFuzzer
{
    private static readonly string[] s_commands = ["ADD", "ADD", "ADD", "DEL", "DEL", "CHECK", "STATUS", "GC", "VERSION", "", "add", "ADDD", "DEL\n", "VERSION ", "ＡＤＤ"];
    private static readonly string[] s_versions = ["0.4.0", "1.0.0", "1.1.0", "0.3.1", "0.1.0", "2.0.0", "", "1.0", "1.0.0.0", "latest", "１.0.0"];
    private static readonly string[] s_ifNames = ["eth0", "eth0", "net1", "", "eth0123456789012", "a/b", "..", ".", "eth0:1", "e th", "eth\t0", "ethé", "eth0\u200b", "lo", new string('x', 1000)];

    /// <summary>A case from <paramref name="seed"/>; <paramref name="mostlyValidEnvironment"/> keeps each CNI_* variable
    /// valid 85 % of the time, so that against a live daemon most cases get past the environment checks.</summary>
    public static PluginFuzzCase Generate(int seed, PluginFuzzTargets targets, bool mostlyValidEnvironment = false)
    {
        var random = new Random(seed);
        bool Valid() => mostlyValidEnvironment && random.Next(100) < 85;
        string command = Valid() ? Pick(random, ["ADD", "ADD", "DEL", "CHECK"]) : Pick(random, s_commands);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = random.Next(20) == 0 ? null : command,
            ["CNI_CONTAINERID"] = Valid() ? $"fuzz{seed}" : ContainerId(random, seed),
            ["CNI_NETNS"] = Valid() ? targets.PodNetns : Netns(random, targets),
            ["CNI_IFNAME"] = Valid() ? "eth0" : random.Next(20) == 0 ? null : Pick(random, s_ifNames),
            ["CNI_ARGS"] = Valid() ? "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=fuzz" : Args(random),
            ["CNI_PATH"] = random.Next(10) == 0 ? Noise(random, 50) : "/opt/cni/bin",
        };
        return new PluginFuzzCase(seed, env, Stdin(random, targets, mostlyValidEnvironment));
    }

    private static string? ContainerId(Random random, int seed) => random.Next(12) switch
    {
        0 => null,
        1 => string.Empty,
        2 => "../../etc/passwd",
        3 => new string('a', 10_000),
        4 => "-starts-with-dash",
        5 => "ctr with space",
        6 => "ctr\u0001ctl",
        7 => "ctré",
        _ => $"fuzz{seed}",
    };

    private static string? Netns(Random random, PluginFuzzTargets targets) => random.Next(14) switch
    {
        0 => null,
        1 => string.Empty,
        2 => "/proc/self/ns/net",
        3 => "/etc/passwd",
        4 => "/dev/null",
        5 => targets.ScratchDirectory,
        6 => "/var/run/netns/../../../etc/passwd",
        7 => Path.Combine(targets.ScratchDirectory, "missing"),
        8 => "/" + new string('n', 5000),
        9 => "relative/netns",
        _ => targets.PodNetns,
    };

    private static string? Args(Random random) => random.Next(10) switch
    {
        0 => null,
        1 => "a",
        2 => ";;;",
        3 => "=value",
        4 => "K8S_POD_NAME=" + new string('p', 20_000),
        5 => string.Join(';', Enumerable.Range(0, 2000).Select(i => $"K{i}=V{i}")),
        6 => "IgnoreUnknown=1;K8S_POD_NAMESPACE=../x;K8S_POD_NAME=\u0007bell",
        _ => "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=fuzz",
    };

    private static byte[] Stdin(Random random, PluginFuzzTargets targets, bool mostlyValid)
    {
        string version = random.Next(4) == 0 ? Pick(random, s_versions) : Pick(random, ["0.4.0", "1.0.0", "1.1.0"]);
        if (mostlyValid && random.Next(100) < 40)
        {
            return Encoding.UTF8.GetBytes(targets.ValidConfig(version, withLogFile: false).ToJsonString());
        }

        switch (random.Next(10))
        {
            case 0:
                return [];
            case 1:
                return Encoding.UTF8.GetBytes(Noise(random, random.Next(1, 400)));
            case 2:
                int depth = random.Next(100, 20_000);
                return Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', random.Next(2) == 0 ? depth : 0));
            case 3:
                JsonObject huge = targets.ValidConfig(version, withLogFile: false);
                huge["name"] = new string('n', random.Next(1, 3) << 20);
                return Encoding.UTF8.GetBytes(huge.ToJsonString());
            case 4:
            case 5:
                return MutateBytes(random, Encoding.UTF8.GetBytes(targets.ValidConfig(version, withLogFile: false).ToJsonString()));
            default:
                return Encoding.UTF8.GetBytes(MutateFields(random, targets, targets.ValidConfig(version, withLogFile: random.Next(2) == 0)).ToJsonString());
        }
    }

    private static JsonObject MutateFields(Random random, PluginFuzzTargets targets, JsonObject config)
    {
        JsonNode?[] hostile =
        [
            null, 0, -1, 1e300, "", " ", true, new JsonArray(), new JsonObject(), "9001", long.MaxValue, new string('x', 70_000), "\u0000",
            JsonNode.Parse("{\"a\":[1,{\"b\":null}]}"),
        ];
        string[] fields = ["cniVersion", "name", "type", "ipamdSocket", "mtu", "logLevel", "prevResult", "cni.dev/valid-attachments", "cni.dev/attachments", "runtimeConfig", "args", "dns"];
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            string field = Pick(random, fields);
            switch (random.Next(5))
            {
                case 0:
                    config.Remove(field);
                    break;
                case 1 when field == "ipamdSocket":
                    config[field] = Pick(random, [Path.Combine(targets.ScratchDirectory, "no.sock"), "/dev/null", targets.ScratchDirectory, "", "relative.sock", new string('s', 5000)]);
                    break;
                case 2 when field == "prevResult":
                    config[field] = JsonNode.Parse("""{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/etc/passwd"}],"ips":[{"address":"300.1.2.3/33","interface":99}],"routes":[{"dst":"x"}]}""");
                    break;
                case 3 when field == "mtu":
                    config[field] = Pick<JsonNode?>(random, [0, 67, 68, 65536, -9001, int.MaxValue, 1.5, "big"]);
                    break;
                default:
                    config[field] = hostile[random.Next(hostile.Length)]?.DeepClone();
                    break;
            }
        }

        // logFile only ever names a scratch file, the scratch directory itself, or a missing directory under it.
        if (config.ContainsKey("logFile") && random.Next(4) == 0)
        {
            config["logFile"] = Pick(random, [targets.ScratchDirectory, Path.Combine(targets.ScratchDirectory, "missing", "p.log"), string.Empty]);
        }

        return config;
    }

    private static byte[] MutateBytes(Random random, byte[] valid)
    {
        var bytes = new List<byte>(valid);
        for (int i = random.Next(1, 8); i > 0 && bytes.Count > 0; i--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(random, ["{", "}", "[", "\"", ",", ":", "null", "\\u0000", "\\", "\uFFFF", "1e999"])));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    int length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static string Noise(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append((char)random.Next(1, random.Next(2) == 0 ? 128 : 0xD7FF));
        }

        return text.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
