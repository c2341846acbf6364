namespace EsCni.Integration.Reliability;

/// <summary>Damages a copy of a journal directory in one of the ways disks, operators and copy tools do; returns what it did.</summary>
internal static class SegmentMutator
{
    public static string Mutate(Random random, string directory)
    {
        string[] files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
        string file = files[random.Next(files.Length)];
        string name = Path.GetFileName(file);
        byte[] bytes = File.ReadAllBytes(file);
        int used = UsedLength(bytes);

        // Headers and frames live in the used prefix; bias offsets there, where a flip changes meaning.
        int Offset() => random.Next(4) == 0 ? random.Next(Math.Min(64, bytes.Length)) : random.Next(Math.Max(1, used));
        switch (random.Next(10))
        {
            case 0:
            case 1:
            case 2:
                int flips = random.Next(1, 4);
                for (int i = 0; i < flips; i++)
                {
                    bytes[Offset()] ^= (byte)(1 << random.Next(8));
                }

                File.WriteAllBytes(file, bytes);
                return $"{flips} bit flip(s) in {name}";
            case 3:
                int at = Offset();
                int length = Math.Min(random.Next(1, 200), bytes.Length - at);
                random.NextBytes(bytes.AsSpan(at, length));
                File.WriteAllBytes(file, bytes);
                return $"{length} random bytes at {at} in {name}";
            case 4:
                int zeroAt = Offset();
                int zeroLength = Math.Min(random.Next(1, 4096), bytes.Length - zeroAt);
                bytes.AsSpan(zeroAt, zeroLength).Clear();
                File.WriteAllBytes(file, bytes);
                return $"{zeroLength} zeroed bytes at {zeroAt} in {name}";
            case 5:
                int keep = random.Next(bytes.Length);
                File.WriteAllBytes(file, bytes[..keep]);
                return $"{name} truncated to {keep} bytes";
            case 6:
                File.Delete(file);
                return $"{name} deleted";
            case 7:
                string other = files[random.Next(files.Length)];
                File.WriteAllBytes(file, File.ReadAllBytes(other));
                return $"{name} overwritten with {Path.GetFileName(other)}";
            case 8:
                string forged = Path.Combine(directory, random.Next(2) == 0 ? $"{random.Next(1, 1000):D20}.seg" : $"snap-{random.Next(1, 1000):D20}.bin");
                byte[] junk = random.Next(2) == 0 ? bytes : new byte[random.Next(0, 20_000)];
                if (junk != bytes)
                {
                    random.NextBytes(junk);
                }

                File.WriteAllBytes(forged, junk);
                return $"forged {Path.GetFileName(forged)} ({junk.Length} bytes{(junk == bytes ? ", a copy of " + name : string.Empty)})";
            default:
                byte[] tail = new byte[random.Next(1, 5000)];
                random.NextBytes(tail);
                File.WriteAllBytes(file, [.. bytes, .. tail]);
                return $"{tail.Length} garbage bytes appended to {name}";
        }
    }

    private static int UsedLength(byte[] bytes)
    {
        int last = bytes.Length - 1;
        while (last >= 0 && bytes[last] == 0)
        {
            last--;
        }

        return last + 1;
    }
}
