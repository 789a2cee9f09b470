using System.Text.Json.Nodes;

namespace Stepwise.EndToEnd.Operations;

/// <summary>The JSON log lines a server wrote, with lookups by field.</summary>
internal sealed class LogLines(IReadOnlyList<JsonObject> lines)
{
    public IReadOnlyList<JsonObject> All => lines;

    /// <summary>Parses every non-empty line; a line that is not a JSON object fails the test with the line.</summary>
    public static LogLines Parse(string text)
    {
        var parsed = new List<JsonObject>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonNode? node = null;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (System.Text.Json.JsonException)
            {
                // Reported below with the line.
            }

            Assert.True(node is JsonObject, $"not a JSON log line: {line}");
            parsed.Add(node!.AsObject());
        }

        return new LogLines(parsed);
    }

    public IReadOnlyList<JsonObject> ForRequest(string requestId) =>
        [.. lines.Where(line => (string?)line["request_id"] == requestId)];

    public JsonObject Single(string requestId, string eventName)
    {
        var matches = ForRequest(requestId).Where(line => (string?)line["event"] == eventName).ToList();
        Assert.True(matches.Count == 1, $"expected one {eventName} for {requestId}, found {matches.Count}:\n{Dump(requestId)}");
        return matches[0];
    }

    public string Dump(string requestId) => string.Join('\n', ForRequest(requestId).Select(line => line.ToJsonString()));
}
