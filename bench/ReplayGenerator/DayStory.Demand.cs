using System.Globalization;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>The day's pods: when each is created and deleted, and kubelet retrying an ADD the pool refused.</summary>
/// <remarks>
/// Shape: 8 long-lived system pods at boot; service pods arriving as a Poisson process whose rate follows office
/// hours (a morning peak around 10:30, an afternoon one around 16:00), living about two hours; CronJob bursts of six
/// short jobs every quarter hour from 06:00 to 22:00; and rollouts at 09:30 and 14:00 that start 12 pods within a minute
/// and delete 12 older ones over the next three (surge first, as a Deployment's maxSurge does).
/// </remarks>
public sealed partial class DayStory
{
    private readonly Dictionary<int, (DateTimeOffset Since, DateTimeOffset RetryAt)> _waiting = [];

    private sealed record Demand(DateTimeOffset At, int Pod, bool Add);

    private List<Demand> PlanDemand(TimeSpan length)
    {
        DateTimeOffset end = Midnight + length;
        List<(DateTimeOffset Start, DateTimeOffset End, int Pod, bool Service)> pods = [];
        int seq = 0;
        void Pod(DateTimeOffset start, TimeSpan life, bool service) => pods.Add((start, start + life, seq++, service));

        for (int i = 0; i < 8; i++)
        {
            Pod(Midnight + TimeSpan.FromSeconds(20 + (i * 9)), TimeSpan.FromDays(30), service: false);
        }

        for (DateTimeOffset t = Midnight; t < end; t += TimeSpan.FromSeconds(1))
        {
            double hour = (t - Midnight).TotalHours % 24;
            double perHour = 2 + (9 * Bump(hour, 10.5, 2.2)) + (7 * Bump(hour, 16, 1.8));
            if (_random.NextDouble() < perHour / 3600)
            {
                Pod(t, TimeSpan.FromMinutes(Math.Max(5, -120 * Math.Log(1 - _random.NextDouble()))), service: true);
            }

            bool cron = t.Minute % 15 == 0 && t.Second == 0 && hour is >= 6 and < 22;
            for (int j = 0; cron && j < 6; j++)
            {
                Pod(t + TimeSpan.FromSeconds(_random.Next(0, 20)), TimeSpan.FromSeconds(_random.Next(90, 240)), service: false);
            }
        }

        foreach (TimeSpan rollout in new[] { TimeSpan.FromHours(9.5), TimeSpan.FromHours(14) })
        {
            DateTimeOffset at = Midnight + rollout;
            if (at >= end)
            {
                continue;
            }

            List<int> old = pods.Where(p => p.Service && p.Start < at && p.End > at).Select(p => p.Pod).Take(12).ToList();
            for (int i = 0; i < 12; i++)
            {
                Pod(at + TimeSpan.FromSeconds(_random.Next(0, 60)), TimeSpan.FromMinutes(Math.Max(30, -240 * Math.Log(1 - _random.NextDouble()))), service: true);
            }

            for (int i = 0; i < pods.Count; i++)
            {
                if (old.Contains(pods[i].Pod))
                {
                    pods[i] = pods[i] with { End = at + TimeSpan.FromSeconds(_random.Next(30, 210)) };
                }
            }
        }

        List<Demand> demand = [];
        foreach ((DateTimeOffset start, DateTimeOffset stop, int pod, _) in pods.Where(p => p.Start < end))
        {
            demand.Add(new Demand(start, pod, Add: true));
            if (stop < end)
            {
                demand.Add(new Demand(stop, pod, Add: false));
            }
        }

        return demand.OrderBy(d => d.At).ThenBy(d => d.Add).ToList();
    }

    private static double Bump(double x, double centre, double width) => Math.Exp(-((x - centre) * (x - centre)) / (2 * width * width));

    private void Serve(Demand demand)
    {
        if (demand.Add)
        {
            if (!Allocate(demand.Pod))
            {
                RefusedAdds++;
                _waiting[demand.Pod] = (_now, _now + s_kubeletRetry);
            }

            return;
        }

        if (_waiting.Remove(demand.Pod, out var waiting))
        {
            TotalWait += _now - waiting.Since;
            return;
        }

        TryDo(new ReleaseIpByKey(_now, new Cause(CauseKind.CniRequest, "del-" + Id(demand.Pod)), KeyOf(demand.Pod), ReleaseReason.CniDel));
    }

    private void RetryWaiting()
    {
        foreach ((int pod, (DateTimeOffset since, DateTimeOffset retryAt)) in _waiting.Where(w => w.Value.RetryAt <= _now).OrderBy(w => w.Value.Since).ToList())
        {
            if (Allocate(pod))
            {
                TotalWait += _now - since;
                _waiting.Remove(pod);
            }
            else
            {
                _waiting[pod] = (since, retryAt + s_kubeletRetry);
            }
        }
    }

    private bool Allocate(int pod) => TryDo(new AllocateIp(_now, new Cause(CauseKind.CniRequest, "add-" + Id(pod)), KeyOf(pod),
        new Pod(pod < 8 ? "kube-system" : "shop", (pod < 8 ? "node-agent-" : "web-") + Id(pod), Guid.NewGuid().ToString()), "/var/run/netns/cni-" + Id(pod)));

    // The instance id is part of the container id so two nodes' journals never share an event id in the cluster store.
    private IpamKey KeyOf(int pod) => new("aws-cni", (_instanceId.Replace("i-", string.Empty, StringComparison.Ordinal) + Id(pod)).PadLeft(64, '0'), "eth0");

    private static string Id(int pod) => pod.ToString("x8", CultureInfo.InvariantCulture);
}
