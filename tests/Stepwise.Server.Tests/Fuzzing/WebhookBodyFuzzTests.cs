using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Server.Errors;
using Stepwise.Server.Tests.Support;
using Stepwise.Server.Triggers;
using Stepwise.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Stepwise.Server.Tests.Fuzzing;

/// <summary>
/// The webhook body parsers under generated bodies and content types (docs/operations.md "Fuzzing"): JSON, form
/// fields, text, unknown or broken content types and charsets, invalid UTF-8, escaped lone surrogates, deep nesting.
/// In process, through the code the handler runs (<see cref="WebhookPayload"/>, then the declared params and their
/// validation, then the JSON the store writes): each body is read or refused with a 4xx <see cref="ApiException"/>,
/// never anything else. A smaller sample goes over HTTP through the whole server: never a 5xx, always the envelope.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class WebhookBodyFuzzTests : IClassFixture<ServerFactory>
{
    private const long NormalCount = 4_000;
    private const int MaxDepth = 64;

    private static readonly string[] ContentTypes =
    [
        "", "application/json", "application/json; charset=utf-8", "application/json; charset=\"UTF-8\"", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/json; charset=bogus", "application/vnd.github+json", "text/json",
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=iso-8859-1", "text/plain",
        "text/plain; charset=utf-16le", "text/plain; charset=utf-32", "text/xml", "application/xml", "multipart/form-data; boundary=x",
        "application/octet-stream", "image/png", ";", "application/", "/json", "application/json;;", "application/json; charset=",
        "*/*", "text/*", "application/json; boundary=\"", "Application/JSON", "application/x-www-form-urlencoded;charset",
    ];

    private static readonly string[] JsonPieces =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"n\"", "\"name\"", "\"tags\"", "1", "-0", "1e999", "-1.5e-400", "0.1",
        "9223372036854775808", "true", "false", "null", "nul", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"",
        "\"\\u00\"", "\"\\x41\"", "\"é\"", "\"\\\"\"", " ", "\n", "\t", "/*", "*/", "//", "\uFEFF", "'a'", "NaN", "Infinity",
    ];

    private static readonly string[] FormPieces =
    [
        "a", "n", "name", "tags", "=", "&", "&&", "==", "%", "%2", "%zz", "%41", "%ED%A0%80", "%F0%9F%98%80", "%C3%A9", "%FF", "+",
        ";", "[]", "[0]", "é", "\ud800", "x", "1", "true",
    ];

    private static readonly ParamDefinition[] Declared = LoadParams();

    private readonly ITestOutputHelper _output;
    private readonly ServerFactory _factory;

    public WebhookBodyFuzzTests(ITestOutputHelper output, ServerFactory factory)
    {
        _output = output;
        _factory = factory;
    }

    private static Gen<byte[]> Json => Gen.Frequency<string>(
        (3, Gen.OneOf(JsonPieces).Array[0, 40].Select(parts => string.Concat(parts))),
        (2, Gen.Select(Gen.Int[0, 200], Gen.OneOf("[", "{\"a\":"), (depth, open) =>
            string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth)))),
        (3, Gen.Select(Gen.OneOf(JsonPieces), Gen.OneOf(JsonPieces), Gen.OneOf(JsonPieces), (name, tags, extra) =>
            $"{{\"name\": {name}, \"n\": {extra}, \"tags\": [{tags}], \"name\": {extra}}}")))
        .Select(text => Encoding.UTF8.GetBytes(text));

    private static Gen<byte[]> Form =>
        Gen.OneOf(FormPieces).Array[0, 30].Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));

    private static Gen<byte[]> Bytes => Gen.Byte.Array[0, 120];

    private static Gen<byte[]> Text => Gen.String[Gen.Char, 0, 80].Select(text => Encoding.UTF8.GetBytes(text));

    private static Gen<(string ContentType, byte[] Body)> Requests =>
        Gen.Select(
            Gen.Frequency<string>((8, Gen.OneOf(ContentTypes)), (1, Gen.String[Gen.Char[' ', '~'], 0, 40])),
            Gen.Frequency<byte[]>((4, Json), (3, Form), (1, Bytes), (2, Text)));

    [Fact]
    public Task Read_GeneratedBodies_GiveAPayloadOrA4xx() =>
        Fuzz.RunAsync(_output, "webhook bodies", Requests, Exercise, NormalCount, Show);

    [Fact]
    public async Task Post_GeneratedBodiesOverHttp_NeverA5xxAndAlwaysTheEnvelope()
    {
        using var admin = _factory.Client();
        await admin.DeployAsync("""
            name: fuzz_hook
            params:
              - { name: name, type: string, default: nobody }
              - { name: n, type: int, default: 1 }
              - { name: tags, type: array, default: [] }
            triggers: [{ type: webhook, path: fuzz/in }]
            nodes: [{ id: a, type: transform, with: { name: "${{ params.name }}", raw: "${{ len(trigger.raw_body) }}" } }]
            """);
        using var anonymous = _factory.CreateClient();
        var count = (int)Math.Clamp(Fuzz.Iterations(NormalCount) / 20, 200, 20_000);
        var samples = Gen.Select(Requests, Gen.Int[0, 3]).Array[count].Generate(new PCG(1, 20_261_206), null, out _);
        var statuses = new Dictionary<int, int>();
        foreach (var ((contentType, body), method) in samples)
        {
            using var request = new HttpRequestMessage(method == 3 ? HttpMethod.Put : HttpMethod.Post, "/hooks/default/fuzz/in")
            {
                Content = new ByteArrayContent(body),
            };
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await anonymous.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{status} for {Show((contentType, body))}: {text}");
            if (status >= 400)
            {
                var envelope = JsonNode.Parse(text)!.AsObject();
                Assert.False(string.IsNullOrWhiteSpace(envelope["error"]?["message"]?.GetValue<string>()), text);
                Assert.False(string.IsNullOrWhiteSpace(envelope["request_id"]?.GetValue<string>()), text);
            }
        }

        _output.WriteLine($"over HTTP: {string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Value} x {pair.Key}"))}");
        Assert.True(statuses.Keys.Any(status => status is 202) && statuses.Keys.Any(status => status is >= 400), "the sample was all refused or all accepted");
    }

    private static void Exercise((string ContentType, byte[] Body) input)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        if (input.ContentType.Length > 0)
        {
            context.Request.ContentType = input.ContentType;
        }

        WebhookPayload payload;
        try
        {
            payload = WebhookPayload.Read(context, input.Body, MaxDepth);
        }
        catch (ApiException refused)
        {
            Assert.InRange(refused.StatusCode, 400, 499);
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
            return;
        }

        var validated = ParamValidator.Validate(Declared, payload.Fields, ignoreUndeclared: true);
        Assert.All(validated.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error)));
        validated.Values.ToJsonString();

        // What the store keeps of the run: its params and the trigger's body and raw text, as JSON.
        var stored = new JsonObject
        {
            ["params"] = validated.Values.DeepClone(),
            ["body"] = payload.Body?.DeepClone(),
            ["raw_body"] = payload.RawBody,
        };
        JsonNode.Parse(stored.ToJsonString(), nodeOptions: null, Stepwise.Core.Storage.StoredJson.DocumentOptions);
    }

    private static string Show((string ContentType, byte[] Body) input) =>
        $"Content-Type '{input.ContentType}', body {Convert.ToHexString(input.Body)} ('{Encoding.UTF8.GetString(input.Body)}')";

    private static ParamDefinition[] LoadParams()
    {
        var loaded = WorkflowLoader.Load(
            """
            name: fuzz_params
            params:
              - { name: name, type: string, required: true }
              - { name: n, type: int, default: 1 }
              - { name: tags, type: array }
              - { name: a, type: object }
              - { name: ok, type: bool }
              - { name: level, type: select, options: [low, high] }
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """,
            "fuzz.yaml",
            BuiltInActions.CreateRegistry());
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return [.. loaded.Definition!.Params];
    }
}
