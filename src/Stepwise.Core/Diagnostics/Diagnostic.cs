namespace Stepwise.Core.Diagnostics;

/// <summary>One problem found while loading or validating a workflow, with where it is.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Message, SourceLocation? Location = null)
{
    public static Diagnostic Error(string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Error, message, location);

    public static Diagnostic Warning(string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Warning, message, location);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>file:line:col: message</c>, the form the CLI prints.</summary>
    public override string ToString() =>
        (Location is null ? string.Empty : Location + ": ")
        + (Severity == DiagnosticSeverity.Warning ? "warning: " : string.Empty)
        + Message;
}
