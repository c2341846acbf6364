namespace EsCni.Integration.Containerd;

/// <summary>A pod sandbox the test ran through CRI: its id (the CNI container id) and the pod identity kubelet gave it.</summary>
internal sealed record CriPod(string SandboxId, string Namespace, string Name, string Uid, string Ip);
