using System.Text.Json.Nodes;

namespace Stepwise.Server.Records;

/// <summary>One bad field of a request: <c>records[2].source</c> and what is wrong with it.</summary>
internal sealed record FieldProblem(string Field, string Problem)
{
    public string Message => $"{Field} {Problem}";

    /// <summary>The 422 details: <c>errors</c> (messages) and <c>fields</c> (<c>{field, problem}</c> each).</summary>
    public static Errors.ErrorResult Validation(IReadOnlyList<FieldProblem> problems) =>
        Errors.ApiErrors.Validation(
            [.. problems.Select(p => p.Message)],
            new JsonObject
            {
                ["fields"] = new JsonArray([.. problems.Select(p => new JsonObject { ["field"] = p.Field, ["problem"] = p.Problem })]),
            });
}
