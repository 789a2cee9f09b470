using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>The document being validated and every diagnostic found so far.</summary>
internal sealed class ValidationContext(SourceMap map)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public SourceMap Map { get; } = map;

    /// <summary>Everything found so far, in document order (checks run by concern, readers expect lines).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics =>
        [.. _diagnostics.OrderBy(d => d.Location?.Line ?? 0).ThenBy(d => d.Location?.Column ?? 0)];

    public int Count => _diagnostics.Count;

    public bool HasErrors { get; private set; }

    public void Error(string message, SourceLocation? location, DiagnosticCategory category = DiagnosticCategory.None)
    {
        HasErrors = true;
        _diagnostics.Add(Diagnostic.Error(message, location ?? Map.Document, category));
    }

    public void Warning(string message, SourceLocation? location) =>
        _diagnostics.Add(Diagnostic.Warning(message, location ?? Map.Document));
}
