namespace EsCni.Ipamd.Takeover;

/// <summary>Reads the VPC CNI checkpoint for a takeover; every way it can be unusable is a reason in words, never an exception.</summary>
internal static class CheckpointFile
{
    /// <summary>The checkpoint at <paramref name="path"/>, or null and why not (missing, empty, unreadable, another format).</summary>
    public static VpcCniCheckpoint? TryRead(string path, out string? problem)
    {
        try
        {
            if (!File.Exists(path))
            {
                problem = $"{path} does not exist (AWS_VPC_K8S_CNI_BACKING_STORE): no VPC CNI pods to adopt; if aws-node ran here, mount its /var/run/aws-node read-only into escni-ipamd";
                return null;
            }

            string text = File.ReadAllText(path);
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = $"{path} is empty: the VPC CNI recorded no allocations (or was stopped while writing); running pods are protected by host evidence only";
                return null;
            }

            problem = null;
            return VpcCniCheckpoint.Parse(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            problem = $"{path} cannot be read as a VPC CNI checkpoint ({ex.Message}); running pods are protected by host evidence only — fix or remove the file and restart escni-ipamd on an empty journal to adopt them";
            return null;
        }
    }
}
