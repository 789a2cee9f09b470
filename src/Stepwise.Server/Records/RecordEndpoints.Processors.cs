using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Records;

internal static partial class RecordEndpoints
{
    private static void MapProcessorEndpoints(RouteGroupBuilder group)
    {
        group.MapGet("/processors", ListProcessorsAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("Which workflow processes each category");
        group.MapPut("/processors/{category}", PutProcessorAsync).RequireRole(ApiKeyRole.Developer)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Bind a category to a workflow: {\"workflow\": \"name\", \"process_on_arrival\": false}");
        group.MapDelete("/processors/{category}", DeleteProcessorAsync).RequireRole(ApiKeyRole.Developer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Unbind a category; its records can no longer be processed until it is bound again");
    }

    private static async Task<Ok<RecordProcessorList>> ListProcessorsAsync(
        Caller caller, IRecordStore records, CancellationToken cancellationToken)
    {
        var processors = await records.ListProcessorsAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new RecordProcessorList([.. processors.Select(RecordViews.Dto)]));
    }

    private static async Task<Results<Ok<RecordProcessorDto>, ErrorResult>> PutProcessorAsync(
        string category, JsonObjectBody body, Caller caller, IRecordStore records, IWorkflowDirectory directory,
        Stepwise.Hosting.Audit.AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        if (!RecordInput.IsCategory(category))
        {
            problems.Add(new("category", $"must be 1 to {RecordInput.MaxCategoryLength} letters, digits, '-', '_' or '.'"));
        }

        foreach (var (name, _) in body.Value)
        {
            if (name is not ("workflow" or "process_on_arrival"))
            {
                problems.Add(new(Names.Quote(name), "is not a field of a processor (workflow, process_on_arrival)"));
            }
        }

        string? workflow = null;
        if (body.Value["workflow"] is not JsonValue workflowValue || !workflowValue.TryGetValue(out workflow) || !Names.IsWorkflowName(workflow))
        {
            problems.Add(new("workflow", "is required: the name of a deployed workflow"));
        }

        var onArrival = false;
        if (body.Value.TryGetPropertyValue("process_on_arrival", out var arrival)
            && (arrival is not JsonValue arrivalValue || !arrivalValue.TryGetValue(out onArrival)))
        {
            problems.Add(new("process_on_arrival", "must be true or false"));
        }

        if (problems.Count > 0)
        {
            return FieldProblem.Validation(problems);
        }

        if (await directory.GetCurrentAsync(caller.OrgId, workflow!, cancellationToken) is null)
        {
            return FieldProblem.Validation([new("workflow", $"names no deployed workflow: '{workflow}' not found")]);
        }

        var processor = await records.PutProcessorAsync(caller.OrgId, category, workflow!, onArrival, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new Stepwise.Hosting.Audit.AuditEntry(Stepwise.Hosting.Audit.AuditActions.RecordProcessorPut, "record_processor", category, Detail: workflow), cancellationToken);
        return TypedResults.Ok(RecordViews.Dto(processor));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteProcessorAsync(
        string category, Caller caller, IRecordStore records, Stepwise.Hosting.Audit.AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!RecordInput.IsCategory(category) || !await records.DeleteProcessorAsync(caller.OrgId, category, cancellationToken))
        {
            return ApiErrors.NotFound($"No workflow processes category '{Names.Quote(category)}'");
        }

        await audit.RecordAsync(
            new Stepwise.Hosting.Audit.AuditEntry(Stepwise.Hosting.Audit.AuditActions.RecordProcessorDelete, "record_processor", category), cancellationToken);
        return TypedResults.NoContent();
    }
}
