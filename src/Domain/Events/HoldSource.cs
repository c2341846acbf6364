namespace EsCni.Domain.Events;

/// <summary>What showed that an IP the journal does not allocate is in use, and so must never be handed out.</summary>
public enum HoldSource : byte
{
    /// <summary>The host: a /32 route in main to a pod veth (`eni…`) whose peer lives in another network namespace.</summary>
    HostRoute = 0,

    /// <summary>EC2: it assigned the IP to another ENI than the one whose pool holds it in the journal.</summary>
    Ec2OtherEni = 1,
}
