using k8s.Models;

namespace EsCni.Integration.Image;

/// <summary>
/// The node's file system as the DaemonSet's hostPath volumes see it, rooted in a test directory: the node path
/// /run/escni is &lt;root&gt;/run/escni here, so tests running side by side never share (or touch) this machine's own
/// /run/escni, /opt/cni/bin or /etc/cni/net.d. Volumes are created as the kubelet creates them for their type.
/// </summary>
internal sealed class NodeHostPaths
{
    public NodeHostPaths(string root)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>Where a node path lives on this machine.</summary>
    public string OnThisMachine(string nodePath) =>
        nodePath.StartsWith('/') ? Path.Combine(Root, nodePath.TrimStart('/')) : throw new ArgumentException($"'{nodePath}' is not an absolute node path", nameof(nodePath));

    /// <summary>Creates a hostPath volume's path the way kubelet does for its type; other types are refused by name.</summary>
    public string Create(V1HostPathVolumeSource hostPath)
    {
        string path = OnThisMachine(hostPath.Path);
        switch (hostPath.Type)
        {
            case "DirectoryOrCreate":
                Directory.CreateDirectory(path);
                break;
            case "FileOrCreate":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.AppendAllText(path, string.Empty);
                break;
            default:
                throw new InvalidDataException($"hostPath {hostPath.Path} has type '{hostPath.Type}', which this test does not create; teach NodeHostPaths.Create what kubelet does for it");
        }

        return path;
    }
}
