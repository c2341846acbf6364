namespace EsCni.Replay.WhatIf;

/// <summary>An ADD that, under a scenario, found no free IP when it arrived.</summary>
/// <param name="At">When the ADD arrived (the time the journal recorded it).</param>
/// <param name="Key">Its IPAM key.</param>
/// <param name="Wait">How long until an IP was free for it (kubelet's own retry back-off not added), or until its DEL or the window's end.</param>
/// <param name="Served">False when the pod was deleted, or the window ended, before any IP was free.</param>
public sealed record WaitedAdd(DateTimeOffset At, IpamKey Key, TimeSpan Wait, bool Served);
