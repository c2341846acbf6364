using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using System.Xml;
using EsCni.Ec2Sim.Actions;
using EsCni.Ec2Sim.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EsCni.Ec2Sim.Query;

/// <summary>Serves POST / (the EC2 Query API): parse, inject faults, run the action, answer XML, record the call.</summary>
internal static class QueryEndpoint
{
    public static async Task HandleAsync(HttpContext context, Simulator simulator)
    {
        long started = Stopwatch.GetTimestamp();
        DateTimeOffset arrived = simulator.Time.GetUtcNow();
        string requestId = Guid.NewGuid().ToString();
        var fields = new List<KeyValuePair<string, string>>();
        fields.AddRange(context.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())));
        if (context.Request.HasFormContentType)
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            fields.AddRange(form.Select(f => new KeyValuePair<string, string>(f.Key, ((StringValues)f.Value).ToString())));
        }
        var request = new QueryRequest(fields);
        FaultSettings faults = simulator.Faults;

        void Record(string outcome, string? code, int status) =>
            simulator.Calls.Add(arrived, "ec2", request.Action.Length > 0 ? request.Action : "(none)", request.Summarize(), outcome, code, status,
                requestId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        async Task FailAsync(string code, string message, int status)
        {
            Record("error", code, status);
            await WriteAsync(context, status, Ec2Xml.Error(code, message, requestId));
        }

        if (faults.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), simulator.Time, context.RequestAborted);
        }
        if (request.Action.Length == 0)
        {
            await FailAsync("MissingAction", "The request must contain the parameter Action.", 400);
            return;
        }
        if (!Ec2ActionTable.TryGet(request.Action, out Ec2ActionHandler? handler))
        {
            await FailAsync("InvalidAction", $"The action {request.Action} is not valid for this web service (the simulator implements {string.Join(", ", Ec2ActionTable.Actions)}).", 400);
            return;
        }
        switch (simulator.FaultInjector.DecideBefore(request.Action))
        {
            case FaultDecision.Outage:
                await FailAsync("Unavailable", "The server is overloaded and can't handle the request.", 503);
                return;
            case FaultDecision.Throttle:
                await FailAsync("RequestLimitExceeded", "Request limit exceeded.", 503);
                return;
            case FaultDecision.Error:
                await FailAsync("InternalError", "An internal error has occurred.", 500);
                return;
        }

        byte[] body;
        try
        {
            Action<XmlWriter> write = handler(simulator, request);
            body = Ec2Xml.Response(request.Action, requestId, write);
        }
        catch (Ec2Exception e)
        {
            await FailAsync(e.Code, e.Message, e.StatusCode);
            return;
        }

        if (simulator.FaultInjector.DecideLoseResponse(request.Action))
        {
            Record("lost", null, 200);
            if (faults.LostResponseMode == LostResponseMode.Abort)
            {
                // Send the headers and part of the body before the reset: a connection dropped before any response
                // byte is retried transparently by HttpClient (it takes it for a stale pooled connection), which
                // would hide the very fault this simulates.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/xml;charset=UTF-8";
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(faults.LostResponseDelayMs), simulator.Time, context.RequestAborted);
            await WriteAsync(context, 200, body);
            return;
        }
        Record("ok", null, 200);
        await WriteAsync(context, 200, body);
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
