using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace EsCni.Cloud.Tests;

/// <summary>Reserves the port the instance-role test's simulator will listen on and points
/// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> at it before any test runs.</summary>
/// <remarks>
/// AWSSDK.Core settles where IMDS is when the process creates its first SDK client and keeps that answer, so a
/// test cannot set the variable later (the daemon sets it in its environment before start, which is fine).
/// Until the role test starts its simulator nothing listens there, so SDK probes elsewhere fail fast instead of
/// waiting on 169.254.169.254.
/// </remarks>
internal static class ImdsRoleEndpoint
{
    /// <summary>The reserved loopback port.</summary>
    public static int Port { get; private set; }

#pragma warning disable CA2255 // A module initializer is the only hook that runs before every test in the assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Reserve()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // Written with a trailing slash, as operators (and the simulator's Endpoint) write it: Ec2ClientFactory must cope.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", $"http://127.0.0.1:{Port}/");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", null);
    }
}
