namespace EsCni.Integration.Image;

/// <summary>
/// The node image the image tests run: ESCNI_IMAGE, which scripts/test.sh sets after ./scripts/image.sh --local-base
/// built it from this worktree. Unset, those tests are skipped with that instruction (a plain `dotnet test`).
/// </summary>
internal static class ImageUnderTest
{
    public static string? Name => Environment.GetEnvironmentVariable("ESCNI_IMAGE") is { Length: > 0 } image ? image : null;

    public static string Required => Name ?? throw new InvalidOperationException("ESCNI_IMAGE is not set; run ./scripts/image.sh --local-base first");
}
