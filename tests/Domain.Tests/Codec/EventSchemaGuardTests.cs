using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using EsCni.Domain.Codec;
using Google.Protobuf.Reflection;

namespace EsCni.Domain.Tests.Codec;

/// <summary>
/// Field numbers are forever: every field and enum value in the committed baseline
/// (proto/escni/events/v1/schema-baseline.txt) must still exist with the same name and type, or its number must be
/// `reserved`. The baseline only grows: a new field fails this test until it is appended to the baseline.
/// </summary>
/// <remarks>Append new entries with <c>ESCNI_UPDATE_SCHEMA_BASELINE=1 dotnet test tests/Domain.Tests --filter EventSchemaGuard</c>; it never removes a line.</remarks>
public class EventSchemaGuardTests
{
    private const string BaselinePath = "proto/escni/events/v1/schema-baseline.txt";

    [Fact]
    public void Schema_AgainstCommittedBaseline_ReusesNoNumberAndDropsNoFieldWithoutReserved()
    {
        Schema current = Schema.Of(GeneratedFiles());
        string path = Path.Combine(RepoRoot(), BaselinePath);
        List<string> baseline = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        List<string> broken = baseline.Select(current.Check).OfType<string>().ToList();
        List<string> unrecorded = current.Entries.Keys.Except(baseline.Select(Schema.KeyOf)).Select(k => current.Entries[k]).ToList();
        if (unrecorded.Count > 0 && Environment.GetEnvironmentVariable("ESCNI_UPDATE_SCHEMA_BASELINE") == "1")
        {
            File.AppendAllLines(path, unrecorded);
            unrecorded.Clear();
        }

        Assert.True(broken.Count == 0, "field numbers changed meaning or vanished without `reserved`:\n" + string.Join('\n', broken));
        Assert.True(unrecorded.Count == 0, $"not yet in {BaselinePath} (append them: ESCNI_UPDATE_SCHEMA_BASELINE=1):\n" + string.Join('\n', unrecorded));
    }

    [Fact]
    public void Check_FieldRenumberedOrRetyped_IsReported()
    {
        Schema current = Schema.Of(GeneratedFiles());

        Assert.Null(current.Check("escni.events.v1.IpAllocated #2 ip fixed32"));
        Assert.Contains("is now", current.Check("escni.events.v1.IpAllocated #2 ip string"), StringComparison.Ordinal);
        Assert.Contains("is now", current.Check("escni.events.v1.IpAllocated #3 ip fixed32"), StringComparison.Ordinal);
        Assert.Contains("without `reserved", current.Check("escni.events.v1.IpAllocated #77 gone string"), StringComparison.Ordinal);
        Assert.Contains("without `reserved", current.Check("escni.events.v1.CauseKind =9 CAUSE_KIND_GONE"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FieldRemoved_PassesOnlyWhenItsNumberIsReserved()
    {
        List<FileDescriptorProto> files = GeneratedFiles();
        DescriptorProto allocated = files.SelectMany(f => f.MessageType).Single(m => m.Name == "IpAllocated");
        allocated.Field.Remove(allocated.Field.Single(f => f.Number == 6));
        const string netns = "escni.events.v1.IpAllocated #6 netns string";

        Assert.Contains("is gone without `reserved 6;`", Schema.Of(files).Check(netns), StringComparison.Ordinal);
        allocated.ReservedRange.Add(new DescriptorProto.Types.ReservedRange { Start = 6, End = 7 });
        Assert.Null(Schema.Of(files).Check(netns));
    }

    private static List<FileDescriptorProto> GeneratedFiles() =>
        typeof(EventCodec).Assembly.GetTypes()
            .Where(t => t.Namespace == "EsCni.Domain.Codec.Proto" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => ((FileDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToProto())
            .ToList();

    private static string RepoRoot()
    {
        string? root = Environment.GetEnvironmentVariable("ESCNI_REPO_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            return root;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsCni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (EsCni.sln); set ESCNI_REPO_ROOT");
    }

    /// <summary>Every field and enum value as one line (<c>message #number name [repeated ]type</c>, <c>enum =number NAME</c>), and the reserved numbers.</summary>
    private sealed class Schema
    {
        private readonly HashSet<(string Owner, int Number)> _reserved = [];

        public Dictionary<string, string> Entries { get; } = new(StringComparer.Ordinal);

        public static string KeyOf(string line) => string.Join(' ', line.Split(' ').Take(2));

        public static Schema Of(IEnumerable<FileDescriptorProto> files)
        {
            Schema schema = new();
            foreach (FileDescriptorProto proto in files)
            {
                foreach (DescriptorProto message in proto.MessageType)
                {
                    schema.AddMessage(proto.Package + "." + message.Name, message);
                }

                foreach (EnumDescriptorProto e in proto.EnumType)
                {
                    schema.AddEnum(proto.Package + "." + e.Name, e);
                }
            }

            return schema;
        }

        /// <summary>Null when the baseline line still holds, else what broke.</summary>
        public string? Check(string line)
        {
            string key = KeyOf(line);
            if (Entries.TryGetValue(key, out string? now))
            {
                return now == line ? null : $"{line}  is now  {now}";
            }

            string[] parts = line.Split(' ');
            int number = int.Parse(parts[1].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            return _reserved.Contains((parts[0], number)) ? null : $"{line}  is gone without `reserved {number};`";
        }

        private void AddMessage(string name, DescriptorProto message)
        {
            foreach (FieldDescriptorProto f in message.Field)
            {
                string type = f.HasTypeName ? f.TypeName : f.Type.ToString().ToLowerInvariant();
                string repeated = f.Label == FieldDescriptorProto.Types.Label.Repeated ? "repeated " : "";
                Entries[$"{name} #{f.Number}"] = $"{name} #{f.Number} {f.Name} {repeated}{type}";
            }

            foreach (DescriptorProto.Types.ReservedRange r in message.ReservedRange)
            {
                for (int n = r.Start; n < r.End; n++)
                {
                    _reserved.Add((name, n));
                }
            }

            foreach (DescriptorProto nested in message.NestedType)
            {
                AddMessage(name + "." + nested.Name, nested);
            }

            foreach (EnumDescriptorProto e in message.EnumType)
            {
                AddEnum(name + "." + e.Name, e);
            }
        }

        private void AddEnum(string name, EnumDescriptorProto e)
        {
            foreach (EnumValueDescriptorProto v in e.Value)
            {
                Entries[$"{name} ={v.Number}"] = $"{name} ={v.Number} {v.Name}";
            }

            foreach (EnumDescriptorProto.Types.EnumReservedRange r in e.ReservedRange)
            {
                for (int n = r.Start; n <= r.End; n++)
                {
                    _reserved.Add((name, n));
                }
            }
        }
    }
}
