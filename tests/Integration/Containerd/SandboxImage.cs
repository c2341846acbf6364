using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsCni.Integration.Containerd;

/// <summary>
/// The pod sandbox image, built here because there is no registry: an OCI image layout tarball with one layer
/// (Debian's static busybox as /bin/busybox, /bin/sh, a /www page) whose command serves that page over HTTP, so a
/// sandbox answers on its pod IP. containerd runs the sandbox image's own command, as it does for pause.
/// </summary>
internal static class SandboxImage
{
    /// <summary>The name containerd's CRI is configured with (sandbox_image) and the import tags.</summary>
    public const string Name = "escni.test/sandbox:1";

    public const int HttpPort = 8080;

    /// <summary>The page the sandbox serves; tests compare what they GET with it.</summary>
    public const string Page = "escni sandbox\n";

    public const string BusyboxPath = "/bin/busybox";

    /// <summary>Writes the image tarball (importable with `ctr images import`) to <paramref name="path"/>.</summary>
    public static void Write(string path)
    {
        byte[] layer = Layer();
        byte[] config = Json(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["Cmd"] = new JsonArray("/bin/busybox", "httpd", "-f", "-p", HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "/www"),
                ["WorkingDir"] = "/",
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Digest(layer)) },
        });
        byte[] manifest = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layer)),
        });
        JsonObject manifestDescriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        manifestDescriptor["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        // containerd's importer names the image from io.containerd.image.name, else from the OCI ref name.
        manifestDescriptor["annotations"] = new JsonObject
        {
            ["io.containerd.image.name"] = Name,
            ["org.opencontainers.image.ref.name"] = Name[(Name.LastIndexOf(':') + 1)..],
        };
        byte[] index = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(manifestDescriptor),
        });

        using FileStream file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: false);
        AddFile(tar, "oci-layout", Encoding.UTF8.GetBytes("""{"imageLayoutVersion":"1.0.0"}"""));
        AddFile(tar, "index.json", index);
        foreach (byte[] blob in new[] { layer, config, manifest })
        {
            AddFile(tar, "blobs/sha256/" + Digest(blob)["sha256:".Length..], blob);
        }
    }

    private static byte[] Layer()
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (string dir in new[] { "bin", "etc", "proc", "sys", "dev", "tmp", "www" })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0b111_101_101 });
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = (UnixFileMode)0b111_101_101,
                DataStream = new MemoryStream(File.ReadAllBytes(BusyboxPath)),
            });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox", Mode = (UnixFileMode)0b111_111_111 });
            AddFile(tar, "www/index.html", Encoding.UTF8.GetBytes(Page));
        }

        return buffer.ToArray();
    }

    private static void AddFile(TarWriter tar, string name, byte[] content) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(content) });

    private static JsonObject Descriptor(string mediaType, byte[] blob) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest(blob),
        ["size"] = blob.Length,
    };

    private static string Digest(byte[] blob) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));

    private static byte[] Json(JsonObject value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
