using System.Net.Http.Headers;
using System.Text;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// A table of bad requests against a real server: each gets a clear 4xx error envelope with a request id, never a
/// 500 and never an empty body.
/// </summary>
public sealed class BadRequestTableTests : IClassFixture<BadRequestTableTests.Fixture>
{
    private const string Greet = "/api/v1/workflows/greet/executions";
    private const string Deploy = "/api/v1/workflows";
    private const string Json = "application/json";
    private const string Yaml = "application/yaml";

    private readonly Fixture fixture;

    public BadRequestTableTests(Fixture fixture) => this.fixture = fixture;

    public static TheoryData<BadRequestCase> Cases()
    {
        var big = new string(' ', 2 * 1024 * 1024) + "{}";
        var deep = "{\"name\":" + new string('[', 100) + new string(']', 100) + "}";
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        BadRequestCase[] cases =
        [
            // Malformed JSON params.
            new("json: unclosed object", "POST", Greet, 400, Json, "{"),
            new("json: missing value", "POST", Greet, 400, Json, "{\"name\":}"),
            new("json: unclosed array", "POST", Greet, 400, Json, "["),
            new("json: bad literal", "POST", Greet, 400, Json, "nul"),
            new("json: trailing comma", "POST", Greet, 400, Json, "{\"name\":\"a\",}"),
            new("json: single quotes", "POST", Greet, 400, Json, "{'name':'a'}"),
            new("json: trailing brace", "POST", Greet, 400, Json, "{\"name\":\"a\"}}"),
            new("json: nested 100 deep", "POST", Greet, 400, Json, deep),
            new("json: invalid UTF-8", "POST", Greet, 400, Json, RawBody: [0x7B, 0xFF, 0xFE, 0x7D]),
            new("json: bad escape", "POST", Greet, 400, Json, "{\"name\":\"\\u00\"}"),
            new("json: duplicate key", "POST", Greet, 400, Json, "{\"name\":\"a\",\"name\":\"b\",\"n\":1}"),
            new("json: lone surrogate", "POST", Greet, 400, Json, "{\"name\":\"\\ud800\",\"n\":1}"),
            new("json: lone low surrogate key", "POST", Greet, 400, Json, "{\"\\udc00\":1}"),
            new("json: lone surrogate login", "POST", "/auth/login", 400, Json, "{\"a\":\"\\ud800\"}", Key: null),
            new("json: lone surrogate refresh", "POST", "/auth/refresh", 400, Json, "{\"a\":\"\\ud800\"}", Key: null),
            new("json: lone surrogate logout", "POST", "/auth/logout", 400, Json, "{\"a\":\"\\ud800\"}", Key: null),
            new("json: lone surrogate webhook", "POST", "/hooks/default/greet", 400, Json, "{\"a\":\"\\ud800\"}", Key: null),
            new("workflow json: lone surrogate", "POST", Deploy, 400, Json, "{\"name\": \"x\\ud800\", \"nodes\": []}"),
            new("json: string body", "POST", Greet, 422, Json, "\"just a string\""),
            new("json: array body", "POST", Greet, 422, Json, "[1,2,3]"),
            new("json: number body", "POST", Greet, 422, Json, "42"),
            new("json: boolean body", "POST", Greet, 422, Json, "true"),

            // Malformed or invalid workflow documents.
            new("yaml: unclosed flow", "POST", Deploy, 400, Yaml, "name: ["),
            new("yaml: bad indentation", "POST", Deploy, 400, Yaml, "name: x\nnodes:\n  - id: a\n   type: log\n"),
            new("yaml: unclosed quote", "POST", Deploy, 400, Yaml, "name: \"unclosed\nnodes: []\n"),
            new("workflow json: broken", "POST", Deploy, 400, Json, "{\"name\": \"x\", \"nodes\": [}"),
            new("yaml: alias bomb", "POST", Deploy, 400, Yaml, bomb),
            new("yaml: invalid UTF-8", "POST", Deploy, 400, Yaml, RawBody: [0x6E, 0x3A, 0x20, 0xC3, 0x28]),
            new("workflow: empty body", "POST", Deploy, 400, Yaml, string.Empty),
            new("workflow: no nodes", "POST", Deploy, 422, Yaml, "name: empty\nnodes: []\n"),
            new("workflow: bad name", "POST", Deploy, 422, Yaml, "name: Bad Name\nnodes:\n  - id: a\n    type: log\n    with: { message: hi }\n"),
            new("workflow: scalar root", "POST", Deploy, 422, Yaml, "just a string\n"),
            new("workflow: unknown action", "POST", Deploy, 422, Yaml, "name: odd\nnodes:\n  - id: a\n    type: teleport\n"),

            // Wrong param types.
            new("param: int given text", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":\"x\"}"),
            new("param: int given fraction", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":1.5}"),
            new("param: int given bool", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":true}"),
            new("param: int given array", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":[1]}"),
            new("param: int given object", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":{}}"),
            new("param: unknown extra", "POST", Greet, 422, Json, "{\"name\":\"a\",\"n\":1,\"extra\":1}"),
            new("param: required null", "POST", Greet, 422, Json, "{\"name\":null,\"n\":1}"),
            new("param: none given", "POST", Greet, 422, Json, "{}"),

            // Oversized bodies.
            new("oversized: params 2 MiB", "POST", Greet, 413, Json, big),
            new("oversized: workflow 2 MiB", "POST", Deploy, 413, Yaml, big),
            new("oversized: params just over 1 MiB", "POST", Greet, 413, Json, new string(' ', 1024 * 1024) + "{}"),

            // Unknown routes.
            new("route: api v2", "GET", "/api/v2/workflows", 404),
            new("route: unknown resource", "GET", "/api/v1/nothing", 404),
            new("route: unknown workflow child", "GET", "/api/v1/workflows/greet/unknown", 404),
            new("route: deep run path", "GET", "/api/v1/executions/{run}/steps/extra", 404),
            // "/" is the dashboard now (issue 15); the API's own root stays a 404.
            new("route: api v1 root", "GET", "/api/v1", 404),
            new("route: api", "GET", "/api", 404),
            new("route: version not a number", "GET", "/api/v1/workflows/greet/versions/abc", 404),
            new("route: version overflow", "GET", "/api/v1/workflows/greet/versions/99999999999", 404),
            new("route: unknown version", "GET", "/api/v1/workflows/greet/versions/999", 404),
            new("route: unknown run", "GET", "/api/v1/executions/0199a0b0-0000-7000-8000-000000000000", 404),

            // Wrong methods.
            new("method: PUT workflows", "PUT", Deploy, 405, Json, "{}"),
            new("method: DELETE executions", "DELETE", "/api/v1/executions", 405),
            new("method: PATCH workflow", "PATCH", "/api/v1/workflows/greet", 405, Json, "{}"),
            new("method: GET cancel", "GET", "/api/v1/executions/{run}/cancel", 405),
            new("method: GET retry", "GET", "/api/v1/executions/{run}/retry", 405),
            new("method: PUT run", "PUT", "/api/v1/executions/{run}", 405, Json, "{}"),
            new("method: DELETE health", "DELETE", "/health/live", 405),
            new("method: POST executions", "POST", "/api/v1/executions", 405, Json, "{}"),
            new("method: GET start", "GET", Greet, 405),

            // Wrong content types.
            new("type: params as text", "POST", Greet, 415, "text/plain", "name=Ada"),
            new("type: params as xml", "POST", Greet, 415, "application/xml", "<name>Ada</name>"),
            new("type: params as multipart", "POST", Greet, 415, "multipart/form-data; boundary=x", "--x--"),
            new("type: params as form", "POST", Greet, 415, "application/x-www-form-urlencoded", "name=Ada&n=1"),
            new("type: workflow as xml", "POST", Deploy, 415, "application/xml", "<workflow/>"),
            new("type: workflow as png", "POST", Deploy, 415, "image/png", "PNG"),

            // Traversal and malformed names.
            new("name: encoded traversal", "GET", "/api/v1/workflows/..%2F..%2Fetc%2Fpasswd", 400),
            new("name: backslashes", "GET", "/api/v1/workflows/x%5C..%5Cy", 400),
            new("name: 300 characters", "GET", "/api/v1/workflows/" + new string('a', 300), 400),
            new("name: traversal start", "POST", "/api/v1/workflows/..%2Fsecrets/executions", 400, Json, "{}"),
            new("run id: traversal", "GET", "/api/v1/executions/..%2F..%2Fsecret", 400),
            new("run id: markup", "GET", "/api/v1/executions/%3Cscript%3E", 400),
            new("name: upper case delete", "DELETE", "/api/v1/workflows/UPPER", 400),
            new("org header: traversal", "GET", Deploy, 400, HeaderName: "X-Organization-Id", HeaderValue: "../etc"),

            // Absurd query values.
            new("query: limit 0", "GET", "/api/v1/executions?limit=0", 422),
            new("query: limit negative", "GET", "/api/v1/executions?limit=-1", 422),
            new("query: limit huge", "GET", "/api/v1/executions?limit=99999999999999999999", 422),
            new("query: limit text", "GET", "/api/v1/executions?limit=abc", 422),
            new("query: unknown status", "GET", "/api/v1/executions?status=exploded", 422),
            new("query: since word", "GET", "/api/v1/executions?since=yesterday", 422),
            new("query: until garbage", "GET", "/api/v1/executions?until=9999999999999999", 422),
            new("query: since 99999 days", "GET", "/api/v1/executions?since=99999d", 422),
            new("query: cursor garbage", "GET", "/api/v1/executions?cursor=!!!", 422),
            new("query: cursor not ours", "GET", "/api/v1/executions?cursor=bm90YWN1cnNvcg", 422),
            new("query: workflow traversal", "GET", "/api/v1/executions?workflow=../x", 422),
            new("query: wait forever", "POST", Greet + "?wait=forever", 422, Json, "{\"name\":\"a\",\"n\":1}"),
            new("query: wait 100 hours", "POST", Greet + "?wait=100h", 422, Json, "{\"name\":\"a\",\"n\":1}"),
            new("query: wait negative", "POST", Greet + "?wait=-1s", 422, Json, "{\"name\":\"a\",\"n\":1}"),
            new("query: retry from traversal", "POST", "/api/v1/executions/{run}/retry?from=../..", 422),

            // Authentication.
            new("auth: no key", "GET", Deploy, 401, Key: null),
            new("auth: wrong key", "GET", Deploy, 401, Key: "wrong-key"),
            new("auth: empty functions key", "GET", Deploy, 401, Key: null, HeaderName: "x-functions-key", HeaderValue: " "),
            new("auth: basic scheme", "GET", Deploy, 401, Key: null, HeaderName: "Authorization", HeaderValue: "Basic dXNlcjpwYXNz"),
            new("auth: empty code", "GET", Deploy + "?code=", 401, Key: null),
        ];
        return new TheoryData<BadRequestCase>(cases);
    }

    [Fact]
    public void Table_HasAtLeastSixtyRows() => Assert.True(Cases().Count >= 60);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_AnyOfTheTable_GetsClear4xxEnvelope(BadRequestCase bad)
    {
        using var client = fixture.Server.Client(bad.Key);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path.Replace("{run}", fixture.RunId, StringComparison.Ordinal));
        if (bad.HeaderName is not null)
        {
            request.Headers.TryAddWithoutValidation(bad.HeaderName, bad.HeaderValue);
        }

        if (bad.Body is not null || bad.RawBody is not null)
        {
            var content = new ByteArrayContent(bad.RawBody ?? Encoding.UTF8.GetBytes(bad.Body!));
            if (bad.ContentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
            }

            request.Content = content;

            // As real clients do with large bodies: the server can refuse by Content-Length (413) before the body is
            // sent, instead of answering early and closing while the client is still writing (a broken pipe).
            request.Headers.ExpectContinue = content.Headers.ContentLength > 64 * 1024;
        }

        using var response = await client.SendAsync(request);
        var error = await Api.AssertErrorAsync(response, bad.Status);
        Assert.DoesNotContain("   at ", error.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>A server with greet deployed and one finished run of it.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SharedServer shared = new();

        public ServerInstance Server => shared.Server;

        public string RunId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await shared.InitializeAsync();
            using var client = Server.Client();
            await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
            RunId = (await client.RunAsync("greet", """{"name":"Ada","n":2}""")).Id();
        }

        public Task DisposeAsync() => shared.DisposeAsync();
    }
}
