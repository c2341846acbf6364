using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EsCni.HostNetwork;

/// <summary>Host networking settings read from the VPC CNI's environment variables, validated all at once at start.</summary>
public sealed class HostNetworkOptions
{
    /// <summary>MTU of every ENI link; an integer in 576..9001; default 9001.</summary>
    public const string EniMtuVariable = "AWS_VPC_ENI_MTU";

    /// <summary>`true` when an external NAT device translates pod traffic, so no SNAT chain is installed; default false.</summary>
    public const string ExternalSnatVariable = "AWS_VPC_K8S_CNI_EXTERNALSNAT";

    /// <summary>Comma-separated IPv4 CIDRs that pod traffic reaches without SNAT, besides the VPC's; default empty.</summary>
    public const string ExcludeSnatCidrsVariable = "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS";

    /// <summary>SNAT source-port choice: `prng` (default), `hashrandom` or `none`.</summary>
    public const string RandomizeSnatVariable = "AWS_VPC_K8S_CNI_RANDOMIZESNAT";

    /// <summary>The smallest MTU IPv4 guarantees to work, and the VPC CNI's lower bound.</summary>
    public const int MinimumMtu = 576;

    /// <summary>The jumbo-frame MTU of EC2 inside a VPC, and the default.</summary>
    public const int MaximumMtu = 9001;

    /// <summary>AWS_VPC_ENI_MTU as given; default "9001".</summary>
    public string EniMtu { get; init; } = "9001";

    /// <summary>AWS_VPC_K8S_CNI_EXTERNALSNAT as given; default "false".</summary>
    public string ExternalSnat { get; init; } = "false";

    /// <summary>AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS as given; default empty.</summary>
    public string ExcludeSnatCidrs { get; init; } = string.Empty;

    /// <summary>AWS_VPC_K8S_CNI_RANDOMIZESNAT as given; default "prng".</summary>
    public string RandomizeSnat { get; init; } = "prng";

    /// <summary>Reads the variables through <paramref name="getVariable"/> (unset or blank keeps the default).</summary>
    public static HostNetworkOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var defaults = new HostNetworkOptions();
        return new HostNetworkOptions
        {
            EniMtu = Read(getVariable, EniMtuVariable) ?? defaults.EniMtu,
            ExternalSnat = Read(getVariable, ExternalSnatVariable) ?? defaults.ExternalSnat,
            ExcludeSnatCidrs = Read(getVariable, ExcludeSnatCidrsVariable) ?? defaults.ExcludeSnatCidrs,
            RandomizeSnat = Read(getVariable, RandomizeSnatVariable) ?? defaults.RandomizeSnat,
        };
    }

    /// <summary>Every problem with the settings, each naming its variable, the value and what is accepted; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TryParseMtu(out _))
        {
            problems.Add($"{EniMtuVariable}='{EniMtu}' is not valid: set an integer MTU from {MinimumMtu} to {MaximumMtu} (default {MaximumMtu})");
        }
        if (!TryParseBool(ExternalSnat, out _))
        {
            problems.Add($"{ExternalSnatVariable}='{ExternalSnat}' is not valid: set true or false (default false)");
        }
        foreach (string item in SplitCidrs())
        {
            if (!TryParseCidr(item, out _, out string? why))
            {
                problems.Add($"{ExcludeSnatCidrsVariable} entry '{item}' is not valid: {why}; write comma-separated IPv4 CIDRs such as 10.100.0.0/16,192.168.1.0/24");
            }
        }
        if (!TryParseRandomization(out _))
        {
            problems.Add($"{RandomizeSnatVariable}='{RandomizeSnat}' is not valid: set prng, hashrandom or none (default prng)");
        }
        return problems;
    }

    /// <summary>The MTU for ENI links.</summary>
    /// <exception cref="HostNetworkException">The value is invalid; call <see cref="Validate"/> at start.</exception>
    public int GetMtu() => TryParseMtu(out int mtu) ? mtu : throw Invalid();

    /// <summary>The SNAT settings for a node whose primary IP and VPC CIDRs are known (from IMDS).</summary>
    /// <exception cref="HostNetworkException">A value is invalid; call <see cref="Validate"/> at start.</exception>
    public SnatSettings ToSnatSettings(IPAddress primaryIp, IReadOnlyList<IPNetwork> vpcCidrs)
    {
        if (!TryParseBool(ExternalSnat, out bool external) || !TryParseRandomization(out SnatRandomization randomization))
        {
            throw Invalid();
        }
        var excluded = new List<IPNetwork>();
        foreach (string item in SplitCidrs())
        {
            excluded.Add(TryParseCidr(item, out IPNetwork cidr, out _) ? cidr : throw Invalid());
        }
        return new SnatSettings(primaryIp, vpcCidrs, excluded, external, randomization);
    }

    private static string? Read(Func<string, string?> getVariable, string name)
    {
        string? value = getVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static bool TryParseBool(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    private static bool TryParseCidr(string text, out IPNetwork cidr, out string? why)
    {
        cidr = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out IPAddress? address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix))
        {
            why = "not an address/prefix";
            return false;
        }
        if (address.AddressFamily != AddressFamily.InterNetwork || prefix > 32)
        {
            why = "not IPv4 with a prefix of 0..32 (the SNAT chain is IPv4 iptables)";
            return false;
        }
        // iptables would silently mask host bits past the prefix, hiding a typo like 10.0.1.5/16 for 10.0.1.0/24.
        cidr = new IPNetwork(Mask(address, prefix), prefix);
        if (!cidr.BaseAddress.Equals(address))
        {
            why = $"host bits are set past the prefix (did you mean {cidr}?)";
            return false;
        }
        why = null;
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }

    private bool TryParseMtu(out int mtu) =>
        int.TryParse(EniMtu.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out mtu) && mtu is >= MinimumMtu and <= MaximumMtu;

    private bool TryParseRandomization(out SnatRandomization randomization)
    {
        SnatRandomization? parsed = RandomizeSnat.Trim().ToUpperInvariant() switch
        {
            "PRNG" => SnatRandomization.Prng,
            "HASHRANDOM" => SnatRandomization.HashRandom,
            "NONE" => SnatRandomization.None,
            _ => null,
        };
        randomization = parsed ?? default;
        return parsed is not null;
    }

    private string[] SplitCidrs() =>
        ExcludeSnatCidrs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private HostNetworkException Invalid() =>
        new("host networking settings are invalid: " + string.Join("; ", Validate()));
}
