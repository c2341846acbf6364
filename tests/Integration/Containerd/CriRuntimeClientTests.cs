using EsCni.ContainerRuntime;

namespace EsCni.Integration.Containerd;

/// <summary>What <see cref="CriRuntimeClient"/> says when there is no runtime behind the socket.</summary>
public sealed class CriRuntimeClientTests
{
    [Fact]
    public async Task Version_SocketDoesNotExist_UnreachableErrorNamesTheSocketAndWhatToDo()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"escni-no-runtime-{Guid.NewGuid():N}.sock");
        using var client = new CriRuntimeClient(socket);

        ContainerRuntimeException error = await Assert.ThrowsAsync<ContainerRuntimeException>(() => client.VersionAsync());

        Assert.True(error.IsUnreachable, $"expected an unreachable runtime, got {error.StatusCode}");
        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
