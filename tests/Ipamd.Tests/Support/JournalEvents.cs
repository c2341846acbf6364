using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Journal;

namespace EsCni.Ipamd.Tests.Support;

/// <summary>Reads a journal directory back as the events a test asserts on, each one required to decode.</summary>
internal static class JournalEvents
{
    /// <summary>Every event in the journal at <paramref name="directory"/>, decoded, in LSN order.</summary>
    public static List<DomainEvent> ReadAll(string directory)
    {
        var events = new List<DomainEvent>();
        JournalReader.Open(directory).ReadAll(0, record =>
        {
            Assert.True(EventCodec.TryDecode(record.Type, record.Payload.Span, out DomainEvent? e, out string? error), error);
            events.Add(e);
        });
        return events;
    }
}
