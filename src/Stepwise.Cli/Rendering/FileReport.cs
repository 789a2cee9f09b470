namespace Stepwise.Cli.Rendering;

/// <summary>One checked file as <c>validate --output json</c> prints it.</summary>
internal sealed record FileReport(string File, bool Valid, IReadOnlyList<DiagnosticReport> Diagnostics);
