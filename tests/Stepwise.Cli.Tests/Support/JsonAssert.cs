using System.Text.Json.Nodes;

namespace Stepwise.Cli.Tests.Support;

internal static class JsonAssert
{
    /// <summary>Asserts that <paramref name="actualJson"/> is the same JSON value as <paramref name="expectedJson"/>.</summary>
    public static void Equivalent(string expectedJson, string actualJson)
    {
        var expected = JsonNode.Parse(expectedJson);
        JsonNode? actual;
        try
        {
            actual = JsonNode.Parse(actualJson);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({exception.Message}):\n{actualJson}");
        }

        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }
}
