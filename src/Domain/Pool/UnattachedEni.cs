namespace EsCni.Domain.Pool;

/// <summary>An ENI we created that is not attached (new, or detached and not yet deleted): a leak if left alone.</summary>
/// <param name="EniId">ENI id.</param>
/// <param name="SubnetId">Subnet id.</param>
/// <param name="Since">When it was created or detached.</param>
public sealed record UnattachedEni(string EniId, string SubnetId, DateTimeOffset Since);
