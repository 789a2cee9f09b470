using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepwise.Core.Actions.Agent;

/// <summary>Source-generated JSON for the agent's schemas.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
