using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;

namespace Stepwise.Server.Records;

/// <summary>
/// <c>/api/v1/records</c> (seed 002): records per organization, stored <c>pending</c>, listed with filters, sorts and
/// pages, processed by the workflow bound to their category. Viewers read, operators create and process,
/// developers bind categories to workflows.
/// </summary>
internal static partial class RecordEndpoints
{
    public const int MaxBatch = 1000;
    public const int MaxOffset = 1_000_000;
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private static readonly string[] ListParameters = ["status", "category", "source", "sort_by", "sort_order", "limit", "offset", "cursor"];

    private static readonly Dictionary<string, RecordSortField> SortFields = new(StringComparer.Ordinal)
    {
        ["created_at"] = RecordSortField.CreatedAt,
        ["updated_at"] = RecordSortField.UpdatedAt,
        ["status"] = RecordSortField.Status,
        ["category"] = RecordSortField.Category,
        ["source"] = RecordSortField.Source,
    };

    public static IEndpointRouteBuilder MapRecordEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/records").WithTags("Records");
        group.MapPost("/", CreateAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Store a record {source, category, payload}: 201 with it, pending (processing when its category processes on arrival)");
        group.MapPost("/batch", CreateBatchAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Store up to 1000 records at once: {\"records\": [...]}; all or none, 422 lists every bad field");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Records newest first; filters status, category, source; sort_by, sort_order; limit with offset or cursor");
        group.MapGet("/{id}", GetAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("One record with the runs that processed it");
        group.MapPost("/{id}/process", ProcessAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Run the category's workflow on a pending record; 200 with it processed (output) or failed (error)");
        group.MapPost("/{id}/reprocess", ReprocessAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Run the category's workflow again on a processed or failed record");
        MapProcessorEndpoints(group);
        return routes;
    }

    private static async Task<Results<Created<RecordDto>, ErrorResult>> CreateAsync(
        JsonObjectBody body, Caller caller, IRecordStore records, RecordProcessing processing, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var input = RecordInput.Read(body.Value, string.Empty, problems);
        if (input is null)
        {
            return FieldProblem.Validation(problems);
        }

        var stored = await StoreAsync([input], caller, records, processing, time, loggers, cancellationToken);
        var record = stored[0];
        return TypedResults.Created($"/api/v1/records/{record.Id}", RecordViews.Dto(record));
    }

    private static async Task<Results<Created<RecordBatch>, ErrorResult>> CreateBatchAsync(
        JsonObjectBody body, Caller caller, IRecordStore records, RecordProcessing processing, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        foreach (var (name, _) in body.Value)
        {
            if (name != "records")
            {
                problems.Add(new(Names.Quote(name), "is not a field of a batch: send {\"records\": [...]}"));
            }
        }

        if (body.Value["records"] is not JsonArray items || items.Count is 0 or > MaxBatch)
        {
            problems.Add(new("records", $"must be an array of 1 to {MaxBatch} records"));
            return FieldProblem.Validation(problems);
        }

        var inputs = new List<RecordInput>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (RecordInput.Read(items[i], $"records[{i}].", problems) is { } input)
            {
                inputs.Add(input);
            }
        }

        if (problems.Count > 0)
        {
            return FieldProblem.Validation(problems);
        }

        var stored = await StoreAsync(inputs, caller, records, processing, time, loggers, cancellationToken);
        return TypedResults.Created("/api/v1/records", new RecordBatch([.. stored.Select(r => RecordViews.Dto(r))]));
    }

    /// <summary>Stores the records in one transaction, then starts those whose category processes on arrival.</summary>
    private static async Task<List<StoredRecord>> StoreAsync(
        IReadOnlyList<RecordInput> inputs, Caller caller, IRecordStore records, RecordProcessing processing, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = (await records.CreateAsync(
            [.. inputs.Select(input => new NewRecord(SortableIds.Next(now), caller.OrgId, input.Source, input.Category, input.Payload, now))],
            cancellationToken)).ToList();
        var logger = loggers.CreateLogger("Stepwise.Server.Records");
        Log.Created(logger, stored.Count, caller.OrgId);
        var processors = new Dictionary<string, RecordProcessor?>(StringComparer.Ordinal);
        for (var i = 0; i < stored.Count; i++)
        {
            var record = stored[i];
            if (!processors.TryGetValue(record.Category, out var processor))
            {
                processors[record.Category] = processor = await records.GetProcessorAsync(caller.OrgId, record.Category, cancellationToken);
            }

            if (processor is { ProcessOnArrival: true })
            {
                var outcome = await processing.ProcessAsync(caller.OrgId, record, reprocess: false, wait: null, cancellationToken);
                if (outcome.Record is { } started)
                {
                    stored[i] = started;
                }
                else
                {
                    Log.ArrivalNotStarted(logger, record.Id, record.Category, outcome.Error!.Message);
                }
            }
        }

        return stored;
    }

    private static async Task<Results<Ok<RecordList>, ErrorResult>> ListAsync(
        HttpRequest request,
        Caller caller,
        IRecordStore records,
        [FromQuery] string? status,
        [FromQuery] string? category,
        [FromQuery] string? source,
        [FromQuery(Name = "sort_by")] string? sortBy,
        [FromQuery(Name = "sort_order")] string? sortOrder,
        [FromQuery] string? limit,
        [FromQuery] string? offset,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        if (KnownQueryParameters.Check(request, ListParameters) is { } unknown)
        {
            return unknown;
        }

        if (status is not null && !RecordStatuses.All.Contains(status))
        {
            return KnownQueryParameters.Invalid("status", status, string.Join(", ", RecordStatuses.All));
        }

        if (category is not null && !RecordInput.IsCategory(category))
        {
            return KnownQueryParameters.Invalid("category", category, "a category: letters, digits, '-', '_' and '.'");
        }

        if (source is not null && (source.Length is 0 or > RecordInput.MaxSourceLength || source.Any(char.IsControl)))
        {
            return KnownQueryParameters.Invalid("source", source, $"1 to {RecordInput.MaxSourceLength} printable characters");
        }

        var sort = RecordSortField.CreatedAt;
        if (sortBy is not null && !SortFields.TryGetValue(sortBy, out sort))
        {
            return KnownQueryParameters.Invalid("sort_by", sortBy, string.Join(", ", SortFields.Keys));
        }

        if (sortOrder is not null and not ("asc" or "desc"))
        {
            return KnownQueryParameters.Invalid("sort_order", sortOrder, "asc or desc");
        }

        var pageSize = QueryValues.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > QueryValues.MaxLimit))
        {
            return KnownQueryParameters.Invalid("limit", limit, $"a whole number from 1 to {QueryValues.MaxLimit}");
        }

        var skip = 0;
        if (offset is not null && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip > MaxOffset))
        {
            return KnownQueryParameters.Invalid("offset", offset, $"a whole number from 0 to {MaxOffset}");
        }

        RecordCursor? after = null;
        if (cursor is not null && !RecordCursorCodec.TryDecode(cursor, out after))
        {
            return KnownQueryParameters.Invalid("cursor", cursor, "the next_cursor of a previous page");
        }

        if (after is not null && skip > 0)
        {
            return ApiErrors.Validation("Use either 'offset' or 'cursor', not both", new JsonObject { ["parameter"] = "offset" });
        }

        var page = await records.ListAsync(
            new RecordListQuery(caller.OrgId, pageSize, sort, sortOrder != "asc", status, category, source, skip, after), cancellationToken);
        return TypedResults.Ok(new RecordList(
            [.. page.Items.Select(r => RecordViews.Dto(r))], page.Next is { } next ? RecordCursorCodec.Encode(next) : null, pageSize, skip));
    }

    private static async Task<Results<Ok<RecordDto>, ErrorResult>> GetAsync(
        string id, Caller caller, IRecordStore records, RecordProcessing processing, CancellationToken cancellationToken)
    {
        var record = IsRecordId(id) ? await records.GetAsync(caller.OrgId, id, cancellationToken) : null;
        if (record is null)
        {
            return NotFound(id);
        }

        record = await processing.SettleAsync(record, cancellationToken);
        var runs = await records.ListRunsAsync(caller.OrgId, id, cancellationToken);
        return TypedResults.Ok(RecordViews.Dto(record, runs));
    }

    private static Task<Results<Ok<RecordDto>, ErrorResult>> ProcessAsync(
        string id, Caller caller, IRecordStore records, RecordProcessing processing, [FromQuery] string? wait,
        CancellationToken cancellationToken) =>
        RunAsync(id, caller, records, processing, wait, reprocess: false, cancellationToken);

    private static Task<Results<Ok<RecordDto>, ErrorResult>> ReprocessAsync(
        string id, Caller caller, IRecordStore records, RecordProcessing processing, [FromQuery] string? wait,
        CancellationToken cancellationToken) =>
        RunAsync(id, caller, records, processing, wait, reprocess: true, cancellationToken);

    private static async Task<Results<Ok<RecordDto>, ErrorResult>> RunAsync(
        string id, Caller caller, IRecordStore records, RecordProcessing processing, string? wait, bool reprocess,
        CancellationToken cancellationToken)
    {
        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        var record = IsRecordId(id) ? await records.GetAsync(caller.OrgId, id, cancellationToken) : null;
        if (record is null)
        {
            return NotFound(id);
        }

        var outcome = await processing.ProcessAsync(caller.OrgId, record, reprocess, waitFor ?? DefaultWait, cancellationToken);
        if (outcome.Error is { } error)
        {
            return error;
        }

        var runs = await records.ListRunsAsync(caller.OrgId, id, cancellationToken);
        return TypedResults.Ok(RecordViews.Dto(outcome.Record!, runs));
    }

    /// <summary>Record ids are UUIDs; anything else cannot name one and is not looked up.</summary>
    private static bool IsRecordId(string id) => id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static ErrorResult NotFound(string id) =>
        ApiErrors.NotFound("record not found", new JsonObject { ["record_id"] = Names.Quote(id) });
}
