using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace EsCni.Ec2Sim.Actions;

/// <summary>The EC2 actions the simulator implements, by Action name.</summary>
public static class Ec2ActionTable
{
    private static readonly FrozenDictionary<string, Ec2ActionHandler> s_handlers = new Dictionary<string, Ec2ActionHandler>
    {
        ["DescribeInstances"] = DescribeInstancesAction.Run,
        ["DescribeInstanceTypes"] = DescribeInstanceTypesAction.Run,
        ["DescribeSubnets"] = DescribeSubnetsAction.Run,
        ["DescribeNetworkInterfaces"] = DescribeNetworkInterfacesAction.Run,
        ["CreateNetworkInterface"] = CreateNetworkInterfaceAction.Run,
        ["AttachNetworkInterface"] = AttachmentActions.Attach,
        ["DetachNetworkInterface"] = AttachmentActions.Detach,
        ["DeleteNetworkInterface"] = DeleteNetworkInterfaceAction.Run,
        ["AssignPrivateIpAddresses"] = PrivateIpActions.Assign,
        ["UnassignPrivateIpAddresses"] = PrivateIpActions.Unassign,
        ["AssignIpv6Addresses"] = Ipv6Actions.Assign,
        ["UnassignIpv6Addresses"] = Ipv6Actions.Unassign,
        ["ModifyNetworkInterfaceAttribute"] = ModifyNetworkInterfaceAttributeAction.Run,
        ["CreateTags"] = CreateTagsAction.Run,
    }.ToFrozenDictionary();

    /// <summary>Every implemented action name.</summary>
    public static IEnumerable<string> Actions => s_handlers.Keys;

    /// <summary>Finds the handler of an action.</summary>
    public static bool TryGet(string action, [NotNullWhen(true)] out Ec2ActionHandler? handler) =>
        s_handlers.TryGetValue(action, out handler);
}
