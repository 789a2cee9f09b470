using System.Text.Json.Nodes;

namespace Stepwise.Server.Tests.Support;

/// <summary>Reads and checks the error envelope of a response.</summary>
public static class Envelope
{
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        var error = body["error"]!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        var requestId = body["request_id"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-ID").Single());
        return error;
    }

    public static string Message(JsonObject error) => error["message"]!.GetValue<string>();
}
