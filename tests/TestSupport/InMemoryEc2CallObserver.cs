using System.Collections.Generic;
using System.Linq;
using EsCni.Cloud;

namespace EsCni.Testing;

/// <summary>Keeps every reported EC2 call in memory, in order, for tests to assert on.</summary>
public sealed class InMemoryEc2CallObserver : IEc2CallObserver
{
    private readonly object _gate = new();
    private readonly List<Ec2CallRecord> _records = new();

    /// <summary>A snapshot of the calls reported so far, oldest first.</summary>
    public IReadOnlyList<Ec2CallRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.ToArray();
            }
        }
    }

    /// <summary>The calls to one EC2 action, oldest first.</summary>
    public IReadOnlyList<Ec2CallRecord> For(string api) => Records.Where(r => r.Api == api).ToArray();

    /// <inheritdoc />
    public void OnCallCompleted(Ec2CallRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }
}
