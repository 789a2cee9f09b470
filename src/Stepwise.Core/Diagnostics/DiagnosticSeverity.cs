namespace Stepwise.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
