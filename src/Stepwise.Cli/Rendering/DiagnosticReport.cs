using Stepwise.Core.Diagnostics;

namespace Stepwise.Cli.Rendering;

/// <summary>
/// One diagnostic as JSON: severity (error|warning), message, where (line and column when known), and its type
/// (<c>ScopeError</c>, <c>TypeError</c>, <c>FunctionError</c>, <c>SyntaxError</c>; null for the document's structure).
/// </summary>
internal sealed record DiagnosticReport(string Severity, string Message, string File, int? Line, int? Column, string? Type)
{
    public static DiagnosticReport From(Diagnostic diagnostic, string file)
    {
        var location = diagnostic.Location;
        var hasPosition = location is { Line: > 0 };
        return new DiagnosticReport(
            diagnostic.IsError ? "error" : "warning",
            diagnostic.Message,
            location?.File ?? file,
            hasPosition ? location!.Line : null,
            hasPosition ? location!.Column : null,
            diagnostic.CategoryName);
    }
}
