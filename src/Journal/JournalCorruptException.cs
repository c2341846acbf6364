namespace EsCni.Journal;

/// <summary>The journal on disk is damaged in a way that is not a torn tail; opening for append is refused.</summary>
public sealed class JournalCorruptException : JournalException
{
    /// <summary>Creates the exception from a finding.</summary>
    public JournalCorruptException(CorruptionFinding finding)
        : base($"journal segment {finding.File} is corrupt at offset {finding.Offset} (LSN {finding.Lsn}): {finding.Reason}; "
            + "the journal refuses to open so that no acknowledged event is silently dropped. Copy the directory off and run "
            + "`escni-ipamd replay verify` on the copy; the intact prefix is still readable with JournalReader")
    {
        Finding = finding;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public JournalCorruptException(string message)
        : base(message)
    {
        Finding = new CorruptionFinding(string.Empty, 0, 0, message);
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public JournalCorruptException(string message, Exception inner)
        : base(message, inner)
    {
        Finding = new CorruptionFinding(string.Empty, 0, 0, message);
    }

    /// <summary>Creates the exception with a default message.</summary>
    public JournalCorruptException()
    {
        Finding = new CorruptionFinding(string.Empty, 0, 0, Message);
    }

    /// <summary>File, offset, LSN and reason.</summary>
    public CorruptionFinding Finding { get; }

    /// <summary>Path of the damaged file.</summary>
    public string File => Finding.File;

    /// <summary>Byte offset of the damage.</summary>
    public long Offset => Finding.Offset;

    /// <summary>The LSN expected at that offset.</summary>
    public long Lsn => Finding.Lsn;
}
