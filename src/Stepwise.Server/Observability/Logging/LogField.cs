using System.Text.Json;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// A field of a log line: its snake_case name, the name a JSON line writes it under (pre-encoded), and whether its
/// value is masked.
/// </summary>
internal sealed class LogField
{
    // The names a JSON line gives its own fields: an event field of the same name is written as "_name" beside them.
    private static readonly HashSet<string> LineFields =
        new(["timestamp", "level", "event", "message", "logger", "source", "exception", "error"], StringComparer.Ordinal);

    public LogField(string name, bool isSecret)
    {
        Name = name;
        IsSecret = isSecret;
        JsonName = JsonEncodedText.Encode(LineFields.Contains(name) ? "_" + name : name);
    }

    public string Name { get; }

    public JsonEncodedText JsonName { get; }

    public bool IsSecret { get; }
}
