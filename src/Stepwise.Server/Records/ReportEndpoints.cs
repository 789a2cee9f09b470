using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Records;

/// <summary><c>GET /api/v1/reports/summary</c>: the organization's records by status and category, and per day.</summary>
internal static class ReportEndpoints
{
    public const int DefaultDays = 7;
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/reports/summary", SummaryAsync).WithTags("Records").RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Record totals by status and by category, and per UTC day over the last 'days' days (default 7)");
        return routes;
    }

    private static async Task<Results<Ok<SummaryReport>, ErrorResult>> SummaryAsync(
        HttpRequest request, Caller caller, IRecordStore records, TimeProvider time, [FromQuery] string? days,
        CancellationToken cancellationToken)
    {
        if (KnownQueryParameters.Check(request, "days") is { } unknown)
        {
            return unknown;
        }

        var window = DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxDays))
        {
            return KnownQueryParameters.Invalid("days", days, $"a whole number from 1 to {MaxDays}");
        }

        // The window starts at midnight UTC, so the first day is counted whole.
        var today = time.GetUtcNow().UtcDateTime.Date;
        var since = new DateTimeOffset(today.AddDays(1 - window), TimeSpan.Zero);
        var summary = await records.SummarizeAsync(caller.OrgId, since, cancellationToken);
        return TypedResults.Ok(new SummaryReport(
            summary.Total, summary.ByStatus, summary.ByCategory, summary.Since, window,
            [.. summary.PerDay.Select(day => new SummaryDay(day.Day, day.Total, day.ByStatus))]));
    }
}
