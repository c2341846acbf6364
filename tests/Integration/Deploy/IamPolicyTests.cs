using System.Text.Json;
using System.Text.RegularExpressions;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/iam-policy.json grants exactly the EC2 actions src/Cloud calls, found by reading the source.</summary>
public sealed partial class IamPolicyTests
{
    [Fact]
    public void Actions_UnconditionalStatement_EqualTheSdkCallsInTheSource()
    {
        SortedSet<string> calls = SdkCalls();
        Assert.True(calls.Count >= 8, $"found only {calls.Count} EC2 calls in src/Cloud: {string.Join(", ", calls)}");

        List<JsonElement> unconditional = Statements().Where(s => !s.TryGetProperty("Condition", out _)).ToList();
        JsonElement statement = Assert.Single(unconditional);
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal(calls, new SortedSet<string>(Actions(statement), StringComparer.Ordinal));
    }

    [Fact]
    public void Actions_CreateTags_OnlyForTagsOnCreatedEnis()
    {
        // EC2 authorizes TagSpecifications on CreateNetworkInterface as ec2:CreateTags; without it every ENI create is
        // UnauthorizedOperation. The condition keeps the daemon from tagging (or untagging the ownership of) any
        // existing resource.
        bool tagsOnCreate = DeployFiles.Sources("src/Cloud").Any(s => s.Text.Contains("TagSpecifications", StringComparison.Ordinal));
        List<JsonElement> conditional = Statements().Where(s => s.TryGetProperty("Condition", out _)).ToList();
        if (!tagsOnCreate)
        {
            Assert.Empty(conditional);
            return;
        }

        JsonElement statement = Assert.Single(conditional);
        Assert.Equal(new[] { "ec2:CreateTags" }, Actions(statement));
        Assert.Equal("arn:aws:ec2:*:*:network-interface/*", statement.GetProperty("Resource").GetString());
        JsonElement createActions = statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("ec2:CreateAction");
        Assert.Equal(new[] { "CreateNetworkInterface" }, createActions.EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("ec2:CreateNetworkInterface", SdkCalls());
    }

    [Fact]
    public void Policy_Document_IsAnAllowOnlyIamPolicy()
    {
        using JsonDocument policy = JsonDocument.Parse(DeployFiles.Read(DeployFiles.IamPolicy));
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        Assert.All(Statements(), s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
        Assert.All(Statements(), s => Assert.All(Actions(s), a => Assert.StartsWith("ec2:", a, StringComparison.Ordinal)));
    }

    private static SortedSet<string> SdkCalls() =>
        new(
            DeployFiles.Sources("src/Cloud").SelectMany(s => SdkCall().Matches(s.Text)).Select(m => "ec2:" + m.Groups[1].Value),
            StringComparer.Ordinal);

    private static List<JsonElement> Statements()
    {
        using JsonDocument policy = JsonDocument.Parse(DeployFiles.Read(DeployFiles.IamPolicy));
        return policy.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.Clone()).ToList();
    }

    private static List<string> Actions(JsonElement statement) =>
        statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToList();

    // Every EC2 request goes through the one IAmazonEC2 field: `_client.CreateNetworkInterfaceAsync(` is ec2:CreateNetworkInterface.
    [GeneratedRegex(@"_client\.([A-Z][A-Za-z0-9]+)Async\(")]
    private static partial Regex SdkCall();
}
