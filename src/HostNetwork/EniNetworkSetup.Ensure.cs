using System.Globalization;

namespace EsCni.HostNetwork;

/// <summary>The compare-and-repair steps of one ENI, shared by <see cref="SetupAsync"/> and the reconciler.</summary>
public sealed partial class EniNetworkSetup
{
    /// <summary>Repairs what differs between <paramref name="snapshot"/> and the ENI's desired state, adding a correction per change.</summary>
    internal async Task EnsureAsync(
        AttachedEni eni, int mtu, IpLink link, HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections,
        CancellationToken cancellationToken)
    {
        string dev = link.Name;
        string subject = $"{eni.EniId} ({dev})";
        if (link.Mtu != mtu)
        {
            string mtuText = mtu.ToString(CultureInfo.InvariantCulture);
            await IpCommand.RunAsync(_runner, ["link", "set", "dev", dev, "mtu", mtuText], cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.LinkMtu, subject, $"mtu {link.Mtu}", $"ip link set dev {dev} mtu {mtu}"));
        }

        // The primary ENI carries the node's own address and routes (main table); touching more than its MTU
        // could cut the node off, which is why the VPC CNI stops here too.
        if (eni.IsPrimary)
        {
            return;
        }

        // Raising the link or adding the address makes the kernel (re)insert the subnet's prefix route into main.
        bool kernelMayAddSubnetRoute = false;
        if (!link.IsUp)
        {
            await IpCommand.RunAsync(_runner, ["link", "set", "dev", dev, "up"], cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.LinkUp, subject, "link down", $"ip link set dev {dev} up"));
            kernelMayAddSubnetRoute = true;
        }

        string address = $"{eni.PrimaryIp}/{eni.SubnetCidr.PrefixLength}";
        if (!link.Ipv4Addresses.Contains(address))
        {
            await IpCommand.RunAsync(_runner, ["addr", "replace", address, "dev", dev], cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.LinkAddress, subject, "address missing", $"ip addr replace {address} dev {dev}"));
            kernelMayAddSubnetRoute = true;
        }
        foreach (string stray in link.Ipv4Addresses)
        {
            if (stray != address)
            {
                await IpCommand.RunAsync(_runner, ["addr", "del", stray, "dev", dev], cancellationToken, IpCommand.CannotAssign);
                corrections.Add(new(HostNetworkCorrectionKind.LinkAddress, subject, $"stray address {stray}", $"ip addr del {stray} dev {dev}"));
            }
        }

        await EnsureNoMainSubnetRouteAsync(eni, dev, subject, snapshot, kernelMayAddSubnetRoute, corrections, cancellationToken);
        await EnsureRoutesAsync(eni, dev, subject, snapshot, corrections, cancellationToken);
        await EnsureRuleAsync(eni, subject, snapshot, corrections, cancellationToken);
    }

    // Traffic to the subnet from pods on this ENI must leave through this ENI (table T); a main-table subnet
    // route would win for everyone else and send replies out of the wrong ENI, which EC2 drops (source check).
    private async Task EnsureNoMainSubnetRouteAsync(
        AttachedEni eni, string dev, string subject, HostNetworkSnapshot snapshot, bool kernelMayAddSubnetRoute,
        List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        string subnet = eni.SubnetCidr.ToString();
        bool present = snapshot.Routes.Any(r => r.Table == AttachedEni.MainRouteTable && r.Destination == subnet && r.Device == dev);
        if (!present && !kernelMayAddSubnetRoute)
        {
            return;
        }
        bool deleted = await IpCommand.RunAsync(
            _runner, ["route", "del", subnet, "dev", dev, "table", "main"], cancellationToken, IpCommand.NoSuchProcess);
        if (present && deleted)
        {
            corrections.Add(new(HostNetworkCorrectionKind.MainSubnetRoute, subject, $"{subnet} dev {dev} in main", $"ip route del {subnet} dev {dev} table main"));
        }
    }

    private async Task EnsureRoutesAsync(
        AttachedEni eni, string dev, string subject, HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections,
        CancellationToken cancellationToken)
    {
        int table = eni.RouteTable;
        string tableText = table.ToString(CultureInfo.InvariantCulture);
        string gateway = eni.Gateway.ToString();

        // The gateway's link route goes first: the kernel refuses `default via gw` until gw is reachable in that table.
        bool hasGatewayRoute = snapshot.Routes.Any(r =>
            r.Table == table && r.Destination == gateway + "/32" && r.Device == dev && r.Gateway is null && r.Scope == "link");
        if (!hasGatewayRoute)
        {
            await IpCommand.RunAsync(_runner, ["route", "replace", gateway + "/32", "scope", "link", "dev", dev, "table", tableText], cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.Route, subject, $"table {table} lacked {gateway}/32", $"ip route replace {gateway}/32 scope link dev {dev} table {table}"));
        }

        bool hasDefaultRoute = snapshot.Routes.Any(r =>
            r.Table == table && r.Destination == "0.0.0.0/0" && r.Gateway == gateway && r.Device == dev);
        if (!hasDefaultRoute)
        {
            await IpCommand.RunAsync(_runner, ["route", "replace", "default", "via", gateway, "dev", dev, "table", tableText], cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.Route, subject, $"table {table} lacked its default route", $"ip route replace default via {gateway} dev {dev} table {table}"));
        }
    }

    private async Task EnsureRuleAsync(
        AttachedEni eni, string subject, HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections,
        CancellationToken cancellationToken)
    {
        string from = eni.PrimaryIp + "/32";
        string priority = EniRulePriority.ToString(CultureInfo.InvariantCulture);
        string table = eni.RouteTable.ToString(CultureInfo.InvariantCulture);
        bool present = false;
        foreach (IpRule rule in snapshot.Rules)
        {
            if (rule.Priority != EniRulePriority || rule.From != from || rule.To is not null || rule.FwMark is not null)
            {
                continue;
            }
            if (rule.Table == eni.RouteTable)
            {
                present = true;
                continue;
            }
            string wrongTable = rule.Table.ToString(CultureInfo.InvariantCulture);
            await IpCommand.RunAsync(_runner, ["rule", "del", "from", from, "lookup", wrongTable, "prio", priority], cancellationToken, IpCommand.NoSuchFile);
            corrections.Add(new(HostNetworkCorrectionKind.EniRule, subject, $"from {from} lookup {wrongTable}", $"ip rule del from {from} lookup {wrongTable} prio {priority}"));
        }
        if (!present)
        {
            await IpCommand.RunAsync(_runner, ["rule", "add", "from", from, "lookup", table, "prio", priority], cancellationToken, IpCommand.AlreadyExists);
            corrections.Add(new(HostNetworkCorrectionKind.EniRule, subject, "rule missing", $"ip rule add from {from} lookup {table} prio {priority}"));
        }
    }
}
