extern alias plugin;

using plugin::EsCni.Plugin.Cni;

namespace EsCni.Plugin.Tests.Cni;

/// <summary>Reading the configuration from stdin: every byte, whatever its size and however the pipe delivers it.</summary>
public sealed class NetConfReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(70_000)] // a GC's prevResult list or a big runtimeConfig: several growths of the buffer
    public void ReadAll_ReturnsEveryByte(int size)
    {
        byte[] config = Enumerable.Range(0, size).Select(i => (byte)('a' + (i % 26))).ToArray();

        byte[] read = NetConfReader.ReadAll(new TrickleStream(config, 1000));

        Assert.Equal(config, read);
    }

    [Fact]
    public void ReadAll_BrokenStdin_IoFailure()
    {
        CniException error = Assert.Throws<CniException>(() => NetConfReader.ReadAll(new BrokenStream()));

        Assert.Equal(CniErrorCode.IoFailure, error.Code);
    }

    [Theory]
    [InlineData("ADD")]
    [InlineData("DEL")]
    [InlineData("CHECK")]
    [InlineData("STATUS")]
    [InlineData("GC")]
    [InlineData("VERSION")]
    public void Verb_IsTheCniCommandSpelling(string verb)
    {
        CniCommand command = CniEnvironment.ReadCommand(name => name == "CNI_COMMAND" ? verb : null);

        Assert.Equal(verb, command.Verb());
    }

    // A pipe hands over at most what the writer has written so far: short reads, as kubelet's pipe may give.
    private sealed class TrickleStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");
    }
}
