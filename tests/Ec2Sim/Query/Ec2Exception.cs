using System;

namespace EsCni.Ec2Sim.Query;

/// <summary>An EC2 API error with its real error code and HTTP status; the endpoint turns it into EC2's error XML.</summary>
public sealed class Ec2Exception : Exception
{
    /// <summary>Creates an error; <paramref name="statusCode"/> is 400 for client errors unless EC2 uses another.</summary>
    public Ec2Exception(string code, string message, int statusCode = 400)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    /// <summary>Creates an error (required by CA1032); prefer the code-and-message constructor.</summary>
    public Ec2Exception()
        : this("InternalError", "An internal error has occurred.", 500)
    {
    }

    /// <summary>Creates an InvalidParameterValue error (required by CA1032).</summary>
    public Ec2Exception(string message)
        : this("InvalidParameterValue", message)
    {
    }

    /// <summary>Creates an InternalError wrapping a simulator bug (required by CA1032).</summary>
    public Ec2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
        StatusCode = 500;
    }

    /// <summary>EC2 error code, e.g. InvalidNetworkInterfaceID.NotFound.</summary>
    public string Code { get; }

    /// <summary>HTTP status EC2 answers this error with.</summary>
    public int StatusCode { get; }

    /// <summary>The ENI id does not exist.</summary>
    public static Ec2Exception EniNotFound(string id) =>
        new("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist");

    /// <summary>A required parameter is missing.</summary>
    public static Ec2Exception Missing(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}");

    /// <summary>A parameter has a value EC2 would refuse.</summary>
    public static Ec2Exception Invalid(string message) => new("InvalidParameterValue", message);
}
