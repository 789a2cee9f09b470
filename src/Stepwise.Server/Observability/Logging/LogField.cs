using System.Text.Json;

namespace Stepwise.Server.Observability.Logging;

/// <summary>A field of a log line: its snake_case name, the name pre-encoded for JSON, and whether its value is masked.</summary>
internal sealed class LogField(string name, bool isSecret)
{
    public string Name { get; } = name;

    public JsonEncodedText JsonName { get; } = JsonEncodedText.Encode(name);

    public bool IsSecret { get; } = isSecret;
}
