namespace Stepwise.Core.Diagnostics;

/// <summary>One problem found while loading or validating a workflow, with where it is.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Message, SourceLocation? Location = null)
{
    /// <summary>Seed 004's error type (<c>ScopeError</c>, <c>TypeError</c>, <c>FunctionError</c>...); None for structure.</summary>
    public DiagnosticCategory Category { get; init; }

    /// <summary>The category's name as the JSON outputs show it (<c>ScopeError</c>), or null when it has none.</summary>
    public string? CategoryName => Category == DiagnosticCategory.None ? null : Category.ToString();

    public static Diagnostic Error(string message, SourceLocation? location = null, DiagnosticCategory category = DiagnosticCategory.None) =>
        new(DiagnosticSeverity.Error, message, location) { Category = category };

    public static Diagnostic Warning(string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Warning, message, location);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>file:line:col: message</c>, the form the CLI prints.</summary>
    public override string ToString() =>
        (Location is null ? string.Empty : Location + ": ")
        + (Severity == DiagnosticSeverity.Warning ? "warning: " : string.Empty)
        + Message;
}
