namespace EsCni.Ipamd.RuntimeGc;

/// <summary>One pod sandbox as the runtime lists it.</summary>
/// <param name="Id">The sandbox id (kubelet's CNI_CONTAINERID / K8S_POD_INFRA_CONTAINER_ID).</param>
/// <param name="PodNamespace">Sandbox metadata: the pod's namespace.</param>
/// <param name="PodName">Sandbox metadata: the pod's name.</param>
/// <param name="PodUid">Sandbox metadata: the pod's UID.</param>
/// <param name="Ready">True for SANDBOX_READY, false for SANDBOX_NOTREADY.</param>
public sealed record LiveSandbox(string Id, string PodNamespace, string PodName, string PodUid, bool Ready);
