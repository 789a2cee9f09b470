using System.Text.Json.Nodes;

namespace Stepwise.Bench.Baseline;

/// <summary>What the three example workflows compute, done directly: each node becomes one JSON object.</summary>
internal static class BaselineWork
{
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>greet.yaml: validate the two params, then one transform node.</summary>
    public static JsonObject? Greet(JsonObject body)
    {
        if (body["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name)
            || body["n"] is not JsonValue numberValue || !numberValue.TryGetValue(out long n))
        {
            return null;
        }

        return new JsonObject { ["doubled"] = n * 2, ["greeting"] = "hello " + name };
    }

    /// <summary>chain10.yaml: ten transform nodes, each reading the previous node's output.</summary>
    public static JsonObject Chain10()
    {
        var outputs = new Dictionary<string, JsonObject>(StringComparer.Ordinal) { ["s1"] = new() { ["count"] = 1L } };
        for (var step = 2; step <= 10; step++)
        {
            var previous = outputs["s" + (step - 1)]["count"]!.GetValue<long>();
            outputs["s" + step] = new JsonObject { ["count"] = previous + 1 };
        }

        return outputs["s10"];
    }

    /// <summary>fanout40.yaml: forty item outputs, then a join that sums them.</summary>
    public static JsonObject Fanout40()
    {
        var items = new JsonObject[40];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new JsonObject { ["value"] = (long)i * i };
        }

        return new JsonObject { ["sum"] = items.Sum(item => item["value"]!.GetValue<long>()) };
    }
}
