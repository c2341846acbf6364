namespace EsCni.Domain.RuntimeGc;

/// <summary>How much evidence the runtime GC wants before it releases an allocation whose sandbox is gone.</summary>
/// <remarks>
/// The defaults the daemon uses are in its settings (ESCNI_CRI_GC_*); the rules they feed are in
/// <see cref="AbsentSandboxes"/>. Validated here so no caller can build a policy that releases on one answer.
/// </remarks>
public sealed record RuntimeGcPolicy
{
    /// <summary>How many times <see cref="Confirmations"/> a streak needs once it contains a suspicious answer.</summary>
    public const int SuspiciousFactor = 2;

    /// <summary>Creates a policy.</summary>
    /// <param name="grace">The sandbox must have been absent at least this long: from the first to the last answer of the streak.</param>
    /// <param name="confirmations">Consecutive answers that must lack the sandbox; at least 2.</param>
    /// <param name="maxReleasesPerPass">Releases at most this many in one pass; the rest wait for the next.</param>
    /// <param name="maxAbsentFraction">An answer lacking more than this fraction of the allocations is suspicious; in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public RuntimeGcPolicy(TimeSpan grace, int confirmations, int maxReleasesPerPass, double maxAbsentFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmations, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReleasesPerPass, 1);
        if (!(maxAbsentFraction > 0 && maxAbsentFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxAbsentFraction), maxAbsentFraction, "the fraction of allocations one answer may lack must be in (0, 1]");
        }

        Grace = grace;
        Confirmations = confirmations;
        MaxReleasesPerPass = maxReleasesPerPass;
        MaxAbsentFraction = maxAbsentFraction;
    }

    /// <summary>Minimum time between the first and the last answer of a streak.</summary>
    public TimeSpan Grace { get; }

    /// <summary>Consecutive answers that must lack the sandbox.</summary>
    public int Confirmations { get; }

    /// <summary>Release cap per pass.</summary>
    public int MaxReleasesPerPass { get; }

    /// <summary>Above this fraction of allocations missing from one answer, the answer is suspicious.</summary>
    public double MaxAbsentFraction { get; }

    /// <summary>Answers a streak needs: <see cref="Confirmations"/>, or <see cref="SuspiciousFactor"/> times that once any of them was suspicious.</summary>
    public int ConfirmationsNeeded(bool suspicious) => suspicious ? Confirmations * SuspiciousFactor : Confirmations;
}
