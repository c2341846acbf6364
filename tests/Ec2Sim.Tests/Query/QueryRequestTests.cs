using System.Collections.Generic;
using System.Linq;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Tests.Query;

/// <summary>Query-protocol parameter flattening: lists, filters, tags, typed values.</summary>
public sealed class QueryRequestTests
{
    private static QueryRequest Request(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [Fact]
    public void GetList_OutOfOrderIndices_ReturnsInIndexOrder()
    {
        QueryRequest request = Request(("PrivateIpAddress.10", "c"), ("PrivateIpAddress.2", "b"), ("PrivateIpAddress.1", "a"), ("PrivateIpAddressX", "no"));

        Assert.Equal(["a", "b", "c"], request.GetList("PrivateIpAddress"));
    }

    [Fact]
    public void GetFilters_NamesAndValues_GroupedPerFilter()
    {
        QueryRequest request = Request(
            ("Filter.1.Name", "status"), ("Filter.1.Value.1", "available"),
            ("Filter.2.Name", "tag-key"), ("Filter.2.Value.1", "a"), ("Filter.2.Value.2", "b"));

        IReadOnlyList<QueryFilter> filters = request.GetFilters();

        Assert.Equal("status", filters[0].Name);
        Assert.Equal(["available"], filters[0].Values);
        Assert.Equal(["a", "b"], filters[1].Values);
    }

    [Fact]
    public void GetTags_NestedPrefix_ReadsKeyAndValue()
    {
        QueryRequest request = Request(("TagSpecification.1.Tag.1.Key", "k1"), ("TagSpecification.1.Tag.1.Value", "v1"), ("TagSpecification.1.Tag.2.Key", "k2"));

        Assert.Equal([new("k1", "v1"), new KeyValuePair<string, string>("k2", "")], request.GetTags("TagSpecification.1.Tag"));
    }

    [Fact]
    public void GetInt_NotANumber_ThrowsInvalidParameterValue()
    {
        Ec2Exception e = Assert.Throws<Ec2Exception>(() => Request(("DeviceIndex", "one")).GetInt("DeviceIndex"));

        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Contains("(one)", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void GetRequiredString_Missing_ThrowsMissingParameter()
    {
        Ec2Exception e = Assert.Throws<Ec2Exception>(() => Request().GetRequiredString("SubnetId"));

        Assert.Equal("MissingParameter", e.Code);
    }

    [Fact]
    public void Summarize_LeavesOutActionAndVersion()
    {
        QueryRequest request = Request(("Action", "CreateTags"), ("Version", "2016-11-15"), ("ResourceId.1", "eni-1"));

        Assert.Equal("ResourceId.1=eni-1", request.Summarize());
    }

    [Theory]
    [InlineData("aws-K8S-*", "aws-K8S-i-123", true)]
    [InlineData("aws-K8S-*", "other", false)]
    [InlineData("eni-?", "eni-1", true)]
    [InlineData("a.b", "aXb", false)]
    public void Matches_Wildcards_FollowEc2Globbing(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, new QueryFilter("description", [pattern]).Matches(value));
    }
}
