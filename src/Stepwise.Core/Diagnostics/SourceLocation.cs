namespace Stepwise.Core.Diagnostics;

/// <summary>Where a diagnostic points: a file (when known) and a 1-based line and column (when the source has them).</summary>
public sealed record SourceLocation(string? File, int Line, int Column)
{
    public override string ToString() =>
        Line > 0 ? $"{File ?? "<input>"}:{Line}:{Column}" : File ?? "<input>";
}
