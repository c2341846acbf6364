using System.Collections.Generic;

namespace EsCni.Ec2Sim.Model;

/// <summary>The parameters of a CreateNetworkInterface call.</summary>
/// <param name="SubnetId">Subnet to create it in.</param>
/// <param name="Description">Free text.</param>
/// <param name="SecurityGroups">sg-… ids (empty: the instance's groups, as the VPC's default would be).</param>
/// <param name="PrimaryIp">Explicit primary address, or null to pick one.</param>
/// <param name="SecondaryIps">Explicit secondary addresses.</param>
/// <param name="SecondaryCount">How many secondary addresses to pick.</param>
/// <param name="Prefixes">Explicit /28 prefixes.</param>
/// <param name="PrefixCount">How many /28 prefixes to pick.</param>
/// <param name="Tags">Tags from TagSpecifications with ResourceType network-interface.</param>
/// <param name="ClientToken">Idempotency token, or null.</param>
/// <param name="Fingerprint">The request's parameters minus the token: a repeated token with another fingerprint is IdempotentParameterMismatch.</param>
public sealed record CreateEniRequest(
    string SubnetId,
    string Description,
    IReadOnlyList<string> SecurityGroups,
    string? PrimaryIp,
    IReadOnlyList<string> SecondaryIps,
    int SecondaryCount,
    IReadOnlyList<string> Prefixes,
    int PrefixCount,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    string? ClientToken,
    string Fingerprint);
