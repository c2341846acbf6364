namespace EsCni.Domain.RuntimeGc;

/// <summary>One pod sandbox as the container runtime listed it (CRI <c>ListPodSandbox</c>).</summary>
/// <param name="Id">The sandbox id: what kubelet passes as CNI_CONTAINERID, so an IPAM key's container id.</param>
/// <param name="Pod">The pod it belongs to (namespace, name, UID from the sandbox metadata).</param>
/// <param name="Ready">SANDBOX_READY; false for SANDBOX_NOTREADY. Only reported in evidence: a listed sandbox is alive whatever its state.</param>
public sealed record ObservedSandbox(string Id, Pod Pod, bool Ready);
