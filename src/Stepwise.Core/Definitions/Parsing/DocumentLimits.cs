namespace Stepwise.Core.Definitions.Parsing;

/// <summary>
/// Bounds on what a workflow document may cost to read, so a hostile or broken file fails with a clear message
/// instead of exhausting memory or the stack.
/// </summary>
public static class DocumentLimits
{
    /// <summary>The largest document accepted, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many values YAML aliases may copy in total (guards against "billion laughs" documents).</summary>
    public const int MaxAliasExpansion = 100_000;
}
