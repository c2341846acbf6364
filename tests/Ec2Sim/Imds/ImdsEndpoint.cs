using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace EsCni.Ec2Sim.Imds;

/// <summary>Serves IMDSv2 under /latest/: PUT api/token issues a session token; every GET needs a valid one (401 otherwise).</summary>
internal sealed class ImdsEndpoint
{
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private const string TtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private const int MaxTtlSeconds = 21_600; // IMDS refuses TTLs above six hours
    private const string NotFoundPage =
        "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>\n";

    private readonly Simulator _simulator;
    private readonly ImdsTokens _tokens;

    public ImdsEndpoint(Simulator simulator)
    {
        _simulator = simulator;
        _tokens = new ImdsTokens(simulator.Time);
    }

    public async Task HandleAsync(HttpContext context, string path)
    {
        long started = Stopwatch.GetTimestamp();
        DateTimeOffset arrived = _simulator.Time.GetUtcNow();
        (int status, string body, string? reason) = Answer(context, path);
        _simulator.Calls.Add(arrived, "imds", path, "", status == 200 ? "ok" : "error", reason, status, "",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        context.Response.StatusCode = status;
        context.Response.ContentType = path.EndsWith("/document", StringComparison.Ordinal) || path.Contains("iam/", StringComparison.Ordinal)
            ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private (int Status, string Body, string? Reason) Answer(HttpContext context, string path)
    {
        if (path == "api/token")
        {
            if (!HttpMethods.IsPut(context.Request.Method))
            {
                return (405, "", "Method Not Allowed");
            }
            string ttlText = context.Request.Headers[TtlHeader].ToString();
            if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out int ttl) || ttl < 1 || ttl > MaxTtlSeconds)
            {
                return (400, "", "Bad Request");
            }
            context.Response.Headers[TtlHeader] = ttl.ToString(CultureInfo.InvariantCulture);
            return (200, _tokens.Issue(ttl), null);
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return (405, "", "Method Not Allowed");
        }
        if (!_tokens.IsValid(context.Request.Headers[TokenHeader].ToString()))
        {
            return (401, "", "Unauthorized");
        }
        string? value = new ImdsTree(_simulator, _simulator.ImdsView()).Resolve(path);
        return value is null ? (404, NotFoundPage, "Not Found") : (200, value, null);
    }
}
