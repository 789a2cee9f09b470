using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Hosting.Diagnostics;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Endpoints;

/// <summary>
/// <c>/debug/profile/cpu</c>, <c>/debug/profile/heap</c> and <c>/debug/threads</c> (admins, audited): what seed 004's
/// pprof endpoints give a Go service, from the .NET runtime's EventPipe. One profile runs at a time (409 while one
/// does); a CPU profile waits asynchronously, so the server goes on answering while it samples itself.
/// </summary>
internal static class ProfileEndpoints
{
    public const string Speedscope = "speedscope";
    public const string Nettrace = "nettrace";
    public const string Summary = "summary";

    /// <summary>Longer than any type name worth looking for, short enough to echo back in an error.</summary>
    private const int MaxTypeFilterLength = 200;

    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/debug/profile/cpu", CpuAsync).WithTags("Health").RequireRole(ApiKeyRole.Admin)
            .AcceptsQuery("seconds", "format")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json", "application/octet-stream")
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary($"CPU profile of the server for ?seconds= ({RuntimeProfiler.MinSeconds}-{RuntimeProfiler.MaxSeconds}, " +
                $"default {RuntimeProfiler.DefaultSeconds}) as speedscope JSON (default) or ?format=nettrace; admin keys only");
        routes.MapGet("/debug/profile/heap", HeapAsync).WithTags("Health").RequireRole(ApiKeyRole.Admin)
            .AcceptsQuery("format", "top", "type")
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Heap snapshot (a full GC): the top types by size as JSON (default; ?type= lists only types whose name holds that text), or ?format=nettrace for dotnet-gcdump convert; admin keys only");
        routes.MapGet("/debug/threads", ThreadsAsync).WithTags("Health").RequireRole(ApiKeyRole.Admin)
            .AcceptsQuery()
            .Produces<string>(contentType: "text/plain")
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Every managed thread's stack, as text; admin keys only");
        return routes;
    }

    private static async Task<Results<FileStreamHttpResult, ErrorResult>> CpuAsync(
        RuntimeProfiler profiler,
        AuditTrail audit,
        HttpContext context,
        [FromQuery] string? seconds,
        [FromQuery] string? format)
    {
        var duration = RuntimeProfiler.DefaultSeconds;
        if (seconds is not null
            && (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out duration)
                || duration < RuntimeProfiler.MinSeconds || duration > RuntimeProfiler.MaxSeconds))
        {
            return KnownQueryParameters.Invalid(
                "seconds", seconds, $"a whole number of seconds from {RuntimeProfiler.MinSeconds} to {RuntimeProfiler.MaxSeconds}");
        }

        format ??= Speedscope;
        if (format is not (Speedscope or Nettrace))
        {
            return KnownQueryParameters.Invalid("format", format, $"{Speedscope} or {Nettrace}");
        }

        if (RuntimeProfiler.Unavailable() is { } unavailable)
        {
            return new ErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, unavailable);
        }

        using var lease = profiler.TryBegin("cpu");
        if (lease is null)
        {
            return Busy(profiler);
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.ProfileCpu, "profile", "cpu", Detail: $"{duration}s, {format}"), CancellationToken.None);
        var stream = await profiler.CpuAsync(TimeSpan.FromSeconds(duration), format == Speedscope, context.RequestAborted);
        var stamp = Stamp(profiler);
        return format == Speedscope
            ? TypedResults.Stream(stream, "application/json", $"stepwise-cpu-{stamp}.speedscope.json")
            : TypedResults.Stream(stream, "application/octet-stream", $"stepwise-cpu-{stamp}.nettrace");
    }

    private static async Task<Results<Ok<HeapSummary>, FileStreamHttpResult, ErrorResult>> HeapAsync(
        RuntimeProfiler profiler,
        AuditTrail audit,
        HttpContext context,
        [FromQuery] string? format,
        [FromQuery] string? top,
        [FromQuery] string? type)
    {
        format ??= Summary;
        if (format is not (Summary or Nettrace))
        {
            return KnownQueryParameters.Invalid("format", format, $"{Summary} or {Nettrace}");
        }

        var wanted = RuntimeProfiler.DefaultTopTypes;
        if (top is not null
            && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out wanted) || wanted < 1 || wanted > 1000))
        {
            return KnownQueryParameters.Invalid("top", top, "a whole number from 1 to 1000");
        }

        if (type is not null && (type.Length is 0 or > MaxTypeFilterLength || type.Any(char.IsControl)))
        {
            return KnownQueryParameters.Invalid("type", type, $"part of a type name: 1 to {MaxTypeFilterLength} printable characters");
        }

        if (RuntimeProfiler.Unavailable() is { } unavailable)
        {
            return new ErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, unavailable);
        }

        using var lease = profiler.TryBegin("heap");
        if (lease is null)
        {
            return Busy(profiler);
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.ProfileHeap, "profile", "heap", Detail: format), CancellationToken.None);
        HeapSummary summary;
        Stream trace;
        try
        {
            (summary, trace) = await profiler.HeapAsync(wanted, type, context.RequestAborted);
        }
        catch (HeapSnapshotIncompleteException incomplete)
        {
            return new ErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, incomplete.Message);
        }

        if (format == Summary)
        {
            await trace.DisposeAsync();
            return TypedResults.Ok(summary);
        }

        return TypedResults.Stream(trace, "application/octet-stream", $"stepwise-heap-{Stamp(profiler)}.nettrace");
    }

    private static async Task<Results<ContentHttpResult, ErrorResult>> ThreadsAsync(
        RuntimeProfiler profiler, AuditTrail audit, HttpContext context)
    {
        if (RuntimeProfiler.Unavailable() is { } unavailable)
        {
            return new ErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, unavailable);
        }

        using var lease = profiler.TryBegin("threads");
        if (lease is null)
        {
            return Busy(profiler);
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.ProfileThreads, "profile", "threads"), CancellationToken.None);
        return TypedResults.Text(await profiler.ThreadsAsync(context.RequestAborted), "text/plain; charset=utf-8");
    }

    private static ErrorResult Busy(RuntimeProfiler profiler) =>
        ApiErrors.Conflict(
            $"A {profiler.Running ?? "profile"} profile is running on this node; one runs at a time: try again when it ends",
            new JsonObject { ["running"] = profiler.Running });

    private static string Stamp(RuntimeProfiler profiler) => profiler.Stamp();

    /// <summary>The profiler (one per process) and the heap summary's wire form.</summary>
    public static void AddStepwiseProfiles(this IServiceCollection services)
    {
        services.AddSingleton<RuntimeProfiler>();
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(json =>
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ProfileJsonContext.Default));
    }
}
