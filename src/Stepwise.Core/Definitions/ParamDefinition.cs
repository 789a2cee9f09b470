using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions;

/// <summary>One declared input of a workflow.</summary>
public sealed record ParamDefinition(
    string Name,
    ParamType Type,
    string? Label,
    bool Required,
    JsonNode? Default,
    string? Pattern,
    IReadOnlyList<string>? Options,
    string? DataProvider,
    SourceLocation? Location);
