using System;

namespace EsCni.Ec2Sim.Model;

/// <summary>An ENI's attachment to the instance.</summary>
/// <param name="AttachmentId">eni-attach-… id, needed by DetachNetworkInterface.</param>
/// <param name="InstanceId">The instance it is attached to.</param>
/// <param name="DeviceIndex">Device index; the node sees the NIC as eth&lt;DeviceIndex&gt;.</param>
/// <param name="NetworkCardIndex">Always 0 here (one network card).</param>
/// <param name="Status">"attaching" or "attached", as EC2 reports it.</param>
/// <param name="AttachTime">When the attach was requested.</param>
/// <param name="DeleteOnTermination">Set by ModifyNetworkInterfaceAttribute; true for the primary ENI.</param>
public sealed record EniAttachment(
    string AttachmentId,
    string InstanceId,
    int DeviceIndex,
    int NetworkCardIndex,
    string Status,
    DateTimeOffset AttachTime,
    bool DeleteOnTermination);
