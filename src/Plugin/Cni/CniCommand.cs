namespace EsCni.Plugin.Cni;

/// <summary>The CNI verbs (CNI_COMMAND values).</summary>
internal enum CniCommand
{
    Add,
    Del,
    Check,
    Status,
    Gc,
    Version,
}
