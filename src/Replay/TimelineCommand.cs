using System.CommandLine;
using EsCni.Projections.Replay;
using EsCni.Projections.Timeline;

namespace EsCni.Replay;

/// <summary><c>replay timeline (--ip IP | --pod NS/NAME | --container ID | --eni ENI-ID | --prefix CIDR) --journal DIR</c>: every event touching it, in order.</summary>
public static class TimelineCommand
{
    private static readonly JournalVerb s_verb = new();
    private static readonly Option<string> s_ip = new("--ip") { Description = "Follow an IPv4 or IPv6 address" };
    private static readonly Option<string> s_pod = new("--pod") { Description = "Follow a pod, as namespace/name" };
    private static readonly Option<string> s_container = new("--container") { Description = "Follow a sandbox container id (or a prefix of 12+ characters)" };
    private static readonly Option<string> s_eni = new("--eni") { Description = "Follow an ENI id" };
    private static readonly Option<string> s_prefix = new("--prefix") { Description = "Follow a delegated /28 prefix (e.g. 10.0.3.16/28) and its 16 addresses" };

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("timeline", "Every event touching one IP, pod, container, ENI or /28 prefix, in journal order", s_ip, s_pod, s_container, s_eni, s_prefix)
            .WithHandler(stdout, stderr, (r, o, e) => Run(SubjectOf(r), s_verb.Directory(r), s_verb.Json(r), o));

    /// <summary>Collects and prints the subject's events.</summary>
    public static int Run(TimelineSubject subject, string journal, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(stdout);
        SubjectTimelineProjection projection;
        try
        {
            projection = new SubjectTimelineProjection(subject);
        }
        catch (ArgumentException ex)
        {
            throw new ReplayUsageException($"--{(subject.Kind == TimelineSubjectKind.Prefix ? "prefix" : "ip")}: {ex.Message}", ex);
        }

        JournalReader reader = ReplayOptions.Open(journal);
        ReplayOutcome outcome = JournalReplay.Run(reader, ReplayRange.All, null, projection);
        IReadOnlyList<RecordedEvent> events = projection.Events;
        if (json)
        {
            foreach (RecordedEvent e in events)
            {
                stdout.WriteLine(ReplayJson.Event(e, ReplayJson.Lines).ToJsonString(ReplayJson.Lines));
            }

            return ReplayExitCodes.Ok;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timeline of {subject}: {events.Count} event(s) in LSN {outcome.FirstLsn}..{outcome.LastLsn}"));
        TextTable table = new("lsn", "time", "event", "cause", "details");
        foreach (RecordedEvent e in events)
        {
            table.Add(ReplayFormat.Number(e.Lsn), ReplayFormat.Time(e.Event.At), e.Event.GetType().Name, ReplayFormat.Cause(e.Event.Cause), EventText.Describe(e.Event));
        }

        table.WriteTo(stdout);
        return ReplayExitCodes.Ok;
    }

    private static TimelineSubject SubjectOf(ParseResult r)
    {
        List<TimelineSubject> given = [];
        Add(r.GetValue(s_ip), TimelineSubjectKind.Ip);
        Add(r.GetValue(s_pod), TimelineSubjectKind.Pod);
        Add(r.GetValue(s_container), TimelineSubjectKind.Container);
        Add(r.GetValue(s_eni), TimelineSubjectKind.Eni);
        Add(r.GetValue(s_prefix), TimelineSubjectKind.Prefix);
        if (given.Count != 1)
        {
            throw new ReplayUsageException(string.Create(CultureInfo.InvariantCulture,
                $"give exactly one of --ip, --pod, --container, --eni, --prefix (got {given.Count})"));
        }

        if (given[0].Kind == TimelineSubjectKind.Pod && given[0].Value.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ReplayUsageException($"--pod '{given[0].Value}' is not namespace/name; pass e.g. --pod default/web-1");
        }

        return given[0];

        void Add(string? value, TimelineSubjectKind kind)
        {
            if (value is not null)
            {
                given.Add(new TimelineSubject(kind, value));
            }
        }
    }
}
