using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EsCni.Ec2Sim.Admin;

/// <summary>The admin JSON API under /admin/: faults (GET, PUT with partial updates), calls, state, reset-calls.</summary>
internal static class AdminEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void MapAdmin(this IEndpointRouteBuilder app, Simulator simulator)
    {
        app.MapGet("/admin/faults", () => Results.Json(simulator.Faults, Json));
        app.MapPut("/admin/faults", (Delegate)((HttpContext context) => PutFaultsAsync(context, simulator)));
        app.MapGet("/admin/calls", () => Results.Json(simulator.Calls.Snapshot(), Json));
        app.MapPost("/admin/reset-calls", () =>
        {
            simulator.Calls.Reset();
            return Results.NoContent();
        });
        app.MapGet("/admin/state", () => Results.Json(simulator.GetState(), Json));
    }

    // PUT merges: fields present in the body replace the current ones, others stay, so `{"throttleRate":0.3}` is enough.
    private static async Task<IResult> PutFaultsAsync(HttpContext context, Simulator simulator)
    {
        JsonObject current = JsonSerializer.SerializeToNode(simulator.Faults, Json)!.AsObject();
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problem($"the body is not JSON ({e.Message}); send an object like {{\"throttleRate\":0.3}}.");
        }
        if (patch is not JsonObject fields)
        {
            return Problem("the body must be a JSON object like {\"throttleRate\":0.3}.");
        }
        var unknown = new List<string>();
        foreach ((string name, JsonNode? value) in fields.ToList())
        {
            string? key = current.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                unknown.Add(name);
                continue;
            }
            current[key] = value?.DeepClone();
        }
        if (unknown.Count > 0)
        {
            return Problem($"unknown fault field(s) {string.Join(", ", unknown)}; known: {string.Join(", ", current.Select(p => p.Key))}.");
        }
        FaultSettings? next;
        try
        {
            next = current.Deserialize<FaultSettings>(Json);
        }
        catch (JsonException e)
        {
            return Problem($"a fault field has the wrong type: {e.Message}");
        }
        IReadOnlyList<string> problems = next!.Validate();
        if (problems.Count > 0)
        {
            return Problem(string.Join(" ", problems));
        }
        simulator.Faults = next;
        return Results.Json(next, Json);
    }

    private static IResult Problem(string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, Json, statusCode: 400);
}
