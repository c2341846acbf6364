namespace EsCni.Plugin.Netlink;

/// <summary>One policy rule as RTM_NEWRULE reports it (null selector = "all").</summary>
internal sealed record RuleEntry(uint Priority, uint Table, IPAddress? Source, int SourceLength, IPAddress? Destination, int DestinationLength);
