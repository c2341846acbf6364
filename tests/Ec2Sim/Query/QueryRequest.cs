using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace EsCni.Ec2Sim.Query;

/// <summary>A parsed EC2 Query-protocol request: the Action and its flattened parameters (lists as Name.1, Name.2, …).</summary>
public sealed class QueryRequest
{
    private readonly Dictionary<string, string> _parameters; // ordinal: EC2 parameter names are case-sensitive

    /// <summary>Wraps the form fields of one request.</summary>
    public QueryRequest(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        _parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> p in parameters)
        {
            _parameters[p.Key] = p.Value;
        }
        Action = _parameters.GetValueOrDefault("Action") ?? "";
    }

    /// <summary>The Action parameter, e.g. CreateNetworkInterface ("" when missing).</summary>
    public string Action { get; }

    /// <summary>All parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>An optional string parameter.</summary>
    public string? GetString(string name) => _parameters.GetValueOrDefault(name);

    /// <summary>A required string parameter.</summary>
    /// <exception cref="Ec2Exception">MissingParameter.</exception>
    public string GetRequiredString(string name) =>
        _parameters.TryGetValue(name, out string? value) && value.Length > 0 ? value : throw Ec2Exception.Missing(name);

    /// <summary>An optional integer parameter.</summary>
    /// <exception cref="Ec2Exception">InvalidParameterValue when not an integer.</exception>
    public int? GetInt(string name)
    {
        if (!_parameters.TryGetValue(name, out string? text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Ec2Exception.Invalid($"Value ({text}) for parameter {name} is invalid. Expected an integer.");
    }

    /// <summary>An optional boolean parameter.</summary>
    /// <exception cref="Ec2Exception">InvalidParameterValue when not true/false.</exception>
    public bool? GetBool(string name)
    {
        if (!_parameters.TryGetValue(name, out string? text))
        {
            return null;
        }
        return bool.TryParse(text, out bool value)
            ? value
            : throw Ec2Exception.Invalid($"Value ({text}) for parameter {name} is invalid. Expected true or false.");
    }

    /// <summary>A flattened list: Name.1, Name.2, … (or Name.1.Suffix, … when <paramref name="suffix"/> is given), in index order.</summary>
    public IReadOnlyList<string> GetList(string name, string? suffix = null)
    {
        var items = new SortedDictionary<int, string>();
        string prefix = name + ".";
        string tail = suffix is null ? "" : "." + suffix;
        foreach ((string key, string value) in _parameters)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith(tail, StringComparison.Ordinal))
            {
                continue;
            }
            string index = key[prefix.Length..^tail.Length];
            if (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            {
                items[i] = value;
            }
        }
        return items.Values.ToList();
    }

    /// <summary>Indices N present for Name.N.* parameters, sorted.</summary>
    public IReadOnlyList<int> GetIndices(string name)
    {
        string prefix = name + ".";
        var indices = new SortedSet<int>();
        foreach (string key in _parameters.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            string rest = key[prefix.Length..];
            int dot = rest.IndexOf('.', StringComparison.Ordinal);
            string index = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            {
                indices.Add(i);
            }
        }
        return indices.ToList();
    }

    /// <summary>Filter.N.Name / Filter.N.Value.M.</summary>
    public IReadOnlyList<QueryFilter> GetFilters() =>
        GetIndices("Filter")
            .Select(i => new QueryFilter(GetRequiredString($"Filter.{i}.Name"), GetList($"Filter.{i}.Value")))
            .ToList();

    /// <summary>A tag list: Prefix.N.Key / Prefix.N.Value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetTags(string prefix) =>
        GetIndices(prefix)
            .Select(i => new KeyValuePair<string, string>(
                GetRequiredString($"{prefix}.{i}.Key"), GetString($"{prefix}.{i}.Value") ?? ""))
            .ToList();

    /// <summary>A short one-line summary of the parameters for the call recording (Action and Version left out).</summary>
    public string Summarize(int maxLength = 400)
    {
        var text = new StringBuilder();
        foreach ((string key, string value) in _parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key is "Action" or "Version")
            {
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(key).Append('=').Append(value);
        }
        return text.Length <= maxLength ? text.ToString() : text.ToString(0, maxLength) + "…";
    }
}
