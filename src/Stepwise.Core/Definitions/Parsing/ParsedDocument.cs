using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>A document read into a raw JSON tree, with the position of every value.</summary>
internal sealed record ParsedDocument(JsonNode? Root, SourceMap Map, DocumentFormat Format);
