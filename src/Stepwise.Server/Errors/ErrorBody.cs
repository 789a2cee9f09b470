using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepwise.Server.Errors;

/// <summary>The <c>error</c> member of the envelope.</summary>
internal sealed record ErrorBody(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Details);
