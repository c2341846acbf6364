using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Policy-rule operations: `to/from &lt;ip&gt; lookup &lt;table&gt; prio N`.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>RTM_NEWRULE or RTM_DELRULE for a host selector (/32 or /128); table 0 on delete matches any table.</summary>
    public static NetlinkMessageBuilder RuleRequest(
        ushort type, uint priority, IPAddress? source, IPAddress? destination, uint table)
    {
        IPAddress familyOf = source ?? destination
            ?? throw new ArgumentException("a pod rule needs a source or a destination", nameof(source));
        byte hostLength = HostPrefixLength(familyOf);
        fib_rule_hdr header = new()
        {
            family = Family(familyOf),
            src_len = source is null ? (byte)0 : hostLength,
            dst_len = destination is null ? (byte)0 : hostLength,
            table = table < 256 ? (byte)table : rtnetlink.RT_TABLE_UNSPEC,
            action = fib_rules.FR_ACT_TO_TBL,
        };
        ushort flags = type == rtnetlink.RTM_NEWRULE
            ? (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_EXCL | netlink.NLM_F_ACK)
            : netlink.NLM_F_ACK;
        var request = new NetlinkMessageBuilder(type, flags).Header(header);
        if (destination is not null)
        {
            request.AttributeAddress(fib_rules.FRA_DST, destination);
        }

        if (source is not null)
        {
            request.AttributeAddress(fib_rules.FRA_SRC, source);
        }

        request.AttributeU32(fib_rules.FRA_PRIORITY, priority);
        if (table != 0)
        {
            request.AttributeU32(fib_rules.FRA_TABLE, table);
        }

        return request;
    }

    /// <summary>Adds the rule; an identical existing rule counts as success (as the VPC CNI treats it).</summary>
    public void AddRule(uint priority, IPAddress? source, IPAddress? destination, uint table)
    {
        try
        {
            _socket.Execute(
                RuleRequest(rtnetlink.RTM_NEWRULE, priority, source, destination, table),
                $"RTM_NEWRULE {DescribeRule(priority, source, destination, table)}{In}");
        }
        catch (NetlinkException e) when (e.Errno == Errnos.EEXIST)
        {
        }
    }

    /// <summary>Deletes every matching rule (table 0 = any table); returns how many there were.</summary>
    public int DeleteRules(uint priority, IPAddress? source, IPAddress? destination, uint table)
    {
        // A rule may have been added twice by an older tool; delete until the kernel says there is none.
        int deleted = 0;
        while (deleted < 16 && _socket.ExecuteDelete(
            RuleRequest(rtnetlink.RTM_DELRULE, priority, source, destination, table),
            $"RTM_DELRULE {DescribeRule(priority, source, destination, table)}{In}"))
        {
            deleted++;
        }

        return deleted;
    }

    /// <summary>Lists the policy rules of one family (IPv4 unless <paramref name="family"/> says otherwise).</summary>
    public List<RuleEntry> DumpRules(AddressFamily family = AddressFamily.InterNetwork) =>
        Dump(rtnetlink.RTM_GETRULE, rtnetlink.RTM_NEWRULE, new fib_rule_hdr { family = Family(family) }, "RTM_GETRULE dump", ParseRule);

    private static RuleEntry ParseRule(ReadOnlySpan<byte> body)
    {
        fib_rule_hdr header = MemoryMarshal.Read<fib_rule_hdr>(body);
        uint table = header.table;
        uint priority = 0;
        IPAddress? source = null;
        IPAddress? destination = null;
        var attributes = new NetlinkAttributes(body[Marshal.SizeOf<fib_rule_hdr>()..]);
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case fib_rules.FRA_TABLE:
                    table = NetlinkAttributes.ReadU32(attributes.Payload);
                    break;
                case fib_rules.FRA_PRIORITY:
                    priority = NetlinkAttributes.ReadU32(attributes.Payload);
                    break;
                case fib_rules.FRA_SRC:
                    source = NetlinkAttributes.ReadAddress(attributes.Payload);
                    break;
                case fib_rules.FRA_DST:
                    destination = NetlinkAttributes.ReadAddress(attributes.Payload);
                    break;
            }
        }

        return new RuleEntry(priority, table, source, header.src_len, destination, header.dst_len);
    }

    private static string DescribeRule(uint priority, IPAddress? source, IPAddress? destination, uint table)
    {
        string from = source is null ? "" : $"from {source} ";
        string to = destination is null ? "" : $"to {destination} ";
        return $"{from}{to}lookup {(table == 0 ? "any" : table.ToString(System.Globalization.CultureInfo.InvariantCulture))} prio {priority}";
    }
}
