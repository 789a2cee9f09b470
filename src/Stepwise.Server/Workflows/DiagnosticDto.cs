using Stepwise.Core.Diagnostics;

namespace Stepwise.Server.Workflows;

/// <summary>
/// One validation problem of a posted workflow, with where it is in the document and its type (seed 004's
/// <c>ScopeError</c>, <c>TypeError</c>, <c>FunctionError</c>, or <c>SyntaxError</c>; null for structure).
/// </summary>
internal sealed record DiagnosticDto(string Severity, string Message, int? Line, int? Column, string? Type = null)
{
    public static DiagnosticDto From(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var location = diagnostic.Location is { Line: > 0 } at ? at : null;
        return new DiagnosticDto(
            diagnostic.IsError ? "error" : "warning", diagnostic.Message, location?.Line, location?.Column, diagnostic.CategoryName);
    }

    /// <summary><c>3:7: duplicate node id 'a'</c>, the form the 422 message lists.</summary>
    public override string ToString() => Line is { } line ? $"{line}:{Column}: {Message}" : Message;
}
