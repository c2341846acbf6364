using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>The one dump loop behind DumpAddresses/Neighbours/Routes/Rules: request with NLM_F_DUMP, parse each reply.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>Parses one reply body into an entry, or null to skip it (another family, no address).</summary>
    private delegate T? ParseDumpReply<T>(ReadOnlySpan<byte> body)
        where T : class;

    private List<T> Dump<THeader, T>(ushort request, ushort reply, in THeader filter, string operation, ParseDumpReply<T> parse)
        where THeader : unmanaged
        where T : class
    {
        var entries = new List<T>();
        _socket.Request(
            new NetlinkMessageBuilder(request, netlink.NLM_F_DUMP).Header(filter),
            operation + In,
            (type, body) =>
            {
                if (type == reply && parse(body) is { } entry)
                {
                    entries.Add(entry);
                }
            });
        return entries;
    }
}
