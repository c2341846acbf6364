using System.Globalization;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>Tag keys and description EsCni puts on the ENIs it creates, matching the VPC CNI's so leaked ENIs are attributable.</summary>
/// <remarks>
/// Tools that already clean up after the VPC CNI (and its own leaked-ENI job) recognise
/// <see cref="InstanceId"/> and <see cref="CreatedAt"/>; our description prefix differs (<c>escni-</c>, not
/// <c>aws-K8S-</c>) so the two never delete each other's ENIs by description.
/// </remarks>
public static class EniTags
{
    /// <summary>The instance the ENI was created for.</summary>
    public const string InstanceId = "node.k8s.amazonaws.com/instance_id";

    /// <summary>Creation time, RFC 3339 UTC; the leaked-ENI scan leaves ENIs younger than a grace period alone.</summary>
    public const string CreatedAt = "node.k8s.amazonaws.com/createdAt";

    /// <summary>The cluster name, when <c>CLUSTER_NAME</c> is set.</summary>
    public const string ClusterName = "cluster.k8s.amazonaws.com/name";

    /// <summary>An ENI tagged <c>true</c> is never used or freed by the daemon (same meaning as in the VPC CNI).</summary>
    public const string NoManage = "node.k8s.amazonaws.com/no_manage";

    /// <summary>The ClientToken of the create call: EC2 does not return a token on describe, so this tag is how a
    /// create whose response was lost (or a crash after the intent was journaled) is found again.</summary>
    public const string ClientToken = "escni.io/client-token";

    /// <summary>Prefix of the description of every ENI we create; the rest is the instance id.</summary>
    public const string DescriptionPrefix = "escni-";

    /// <summary>Prefix of the description the VPC CNI gives the ENIs it creates (`aws-K8S-&lt;instance id&gt;`); a takeover journals their tags.</summary>
    public const string VpcCniDescriptionPrefix = "aws-K8S-";

    /// <summary>The description of ENIs created for <paramref name="instanceId"/>.</summary>
    public static string DescriptionFor(string instanceId) => DescriptionPrefix + instanceId;

    /// <summary>The tags a new ENI gets.</summary>
    public static List<Tag> For(string instanceId, string clientToken, string? clusterName, DateTimeOffset now)
    {
        var tags = new List<Tag>
        {
            new() { Key = InstanceId, Value = instanceId },
            new() { Key = CreatedAt, Value = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
            new() { Key = ClientToken, Value = clientToken },
        };
        if (clusterName is not null)
        {
            tags.Add(new Tag { Key = ClusterName, Value = clusterName });
        }

        return tags;
    }
}
