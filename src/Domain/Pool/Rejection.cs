namespace EsCni.Domain.Pool;

/// <summary>Why a command was refused, with a message that names the value and what to do.</summary>
/// <param name="Code">The machine-readable reason.</param>
/// <param name="Message">The human-readable reason.</param>
public sealed record Rejection(RejectionCode Code, string Message);
