namespace EsCni.Cloud;

/// <summary>Receives every finished EC2 call; the daemon hooks metrics and the journal's EC2 ledger to it.</summary>
/// <remarks>Called on the caller's thread right after the call ends, so implementations must be quick and must not throw.</remarks>
public interface IEc2CallObserver
{
    /// <summary>Reports one finished call, successful or not.</summary>
    public void OnCallCompleted(Ec2CallRecord record);
}
