using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// Bad requests generated for every operation of the OpenAPI document (web/openapi.json), so a new endpoint is
/// covered the day it is documented: no credentials and a viewer's key where the route needs more (401, 403), a
/// method the path does not take (405), hostile path ids, malformed, wrong-typed, oversized and non-UTF-8 bodies,
/// wrong content types, bad values of each known query parameter, and unknown parameters of the list endpoints.
/// <see cref="BadRequestCase.Status"/> <see cref="BadRequestCase.AnyClientError"/> accepts any 4xx.
/// </summary>
public static class BadInputCorpus
{
    public const string ViewerKey = "{viewer}";

    private const string Json = "application/json";

    /// <summary>Routes that take no credentials (health, metrics, login, webhooks, approval links, OAuth's return).</summary>
    private static readonly string[] Anonymous =
    [
        "/health", "/metrics", "/auth/", "/hooks/", "/api/v1/oauth/callback", "/signals/{name}/{decision}",
    ];

    /// <summary>Operations a viewer may call.</summary>
    private static readonly HashSet<string> ViewerAllowed = new(StringComparer.Ordinal)
    {
        "GET /api/v1/workflows/{name}/form", "GET /api/v1/signals", "GET /api/v1/schedules", "GET /api/v1/me",
        "GET /api/v1/reports/summary", "GET /api/v1/query", "GET /api/v1/workflows", "GET /api/v1/workflows/{name}",
        "GET /api/v1/workflows/{name}/versions", "GET /api/v1/workflows/{name}/versions/{version}", "GET /api/v1/data-providers",
        "GET /api/v1/executions", "GET /api/v1/executions/{id}", "GET /api/v1/executions/{id}/logs", "GET /api/v1/executions/events",
        "GET /api/v1/executions/{id}/events", "GET /api/v1/executions/{id}/signals", "GET /api/v1/secrets", "GET /api/v1/secrets/{name}",
        "GET /api/v1/config", "GET /api/v1/config/{key}", "GET /api/v1/oauth/connections", "GET /api/v1/oauth/connections/{name}",
        "GET /api/v1/records", "GET /api/v1/records/{id}", "GET /api/v1/records/processors",
    };

    /// <summary>Operations whose handler reads a JSON body, documented or not.</summary>
    private static readonly HashSet<string> JsonBodies = new(StringComparer.Ordinal)
    {
        "POST /api/v1/workflows/{name}/executions", "POST /api/v1/actions/execute", "POST /api/v1/executions/{id}/signals/{name}",
        "PUT /api/v1/secrets/{name}", "PUT /api/v1/config", "PUT /api/v1/config/{key}", "POST /api/v1/oauth/connections",
        "POST /auth/login", "POST /auth/refresh", "POST /auth/logout", "POST /api/v1/organizations", "POST /api/v1/api-keys",
        "POST /api/v1/users", "PUT /api/v1/users/{username}/role", "POST /api/v1/users/{username}/password", "POST /api/v1/records",
        "POST /api/v1/records/batch", "PUT /api/v1/records/processors/{category}", "POST /hooks/{org}/{path}",
    };

    /// <summary>Endpoints that take any JSON value or object (config values, webhook and signal payloads): no wrong types there.</summary>
    private static readonly HashSet<string> AnyJsonValue = new(StringComparer.Ordinal)
    {
        "PUT /api/v1/config", "PUT /api/v1/config/{key}", "POST /hooks/{org}/{path}", "POST /api/v1/executions/{id}/signals/{name}",
    };

    private static readonly Dictionary<string, string[]> BadQueryValues = new(StringComparer.Ordinal)
    {
        ["limit"] = ["abc", "-1", "0", "1.5", "99999999999999999999"],
        ["cursor"] = ["!!!", "bm90YWN1cnNvcg"],
        ["status"] = ["exploded"],
        ["since"] = ["yesterday", "99999d"],
        ["until"] = ["not-a-time"],
        ["wait"] = ["forever", "-1s", "100h"],
        ["days"] = ["abc", "-1", "100000"],
        ["count"] = ["abc", "-1"],
        ["older_than"] = ["abc", "-1s"],
        ["sort_by"] = ["nope"],
        ["sort_order"] = ["sideways"],
        ["offset"] = ["-1", "abc"],
        ["from"] = ["../.."],
        ["kind"] = ["../x"],
        ["workflow"] = ["../x"],
        ["q"] = ["", "(((", "executions where"],
    };

    private static readonly string[] BadPathValues =
        ["..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", new string('a', 300), "%ED%A0%80", "x%5C..%5Cy"];

    /// <summary>Path values that name something that exists (or could), so only the part under test is wrong.</summary>
    private static readonly Dictionary<string, string> GoodPathValues = new(StringComparer.Ordinal)
    {
        ["name"] = "greet", ["version"] = "1", ["org"] = "default", ["path"] = "greet", ["decision"] = "approve",
        ["username"] = "nobody", ["host"] = "example.com", ["category"] = "corpus", ["key"] = "corpus_key",
    };

    public static IReadOnlyList<BadRequestCase> Generate(string openApiJson)
    {
        var cases = new List<BadRequestCase>();
        var document = JsonNode.Parse(openApiJson)!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var methods = item!.AsObject().Select(pair => pair.Key.ToUpperInvariant())
                .Where(method => method is "GET" or "POST" or "PUT" or "DELETE" or "HEAD").ToList();
            cases.Add(new($"method: PATCH {path}", "PATCH", Fill(path), 405, Key: ServerInstance.AdminKey));
            foreach (var method in methods.Where(method => method != "HEAD"))
            {
                var operation = item[method.ToLowerInvariant()]!.AsObject();
                var name = $"{method} {path}";
                var parameters = operation["parameters"]?.AsArray().Select(p => (Name: (string)p!["name"]!, In: (string)p["in"]!)).ToList() ?? [];
                var anonymous = Anonymous.Any(prefix => path.Contains(prefix, StringComparison.Ordinal));
                if (!anonymous)
                {
                    cases.Add(new($"no key: {name}", method, Fill(path), 401, Key: null));
                    cases.Add(new($"wrong key: {name}", method, Fill(path), 401, Key: "not-a-key-0123456789"));
                    if (!ViewerAllowed.Contains(name))
                    {
                        cases.Add(new($"viewer: {name}", method, Fill(path), 403, Key: ViewerKey));
                    }
                }

                foreach (var parameter in parameters.Where(p => p.In == "path"))
                {
                    foreach (var bad in BadPathValues)
                    {
                        cases.Add(new($"path {parameter.Name}={Short(bad)}: {name}", method, Fill(path, parameter.Name, bad), BadRequestCase.AnyClientError));
                    }
                }

                foreach (var parameter in parameters.Where(p => p.In == "query" && BadQueryValues.ContainsKey(p.Name)))
                {
                    foreach (var bad in BadQueryValues[parameter.Name])
                    {
                        cases.Add(new(
                            $"query {parameter.Name}={Short(bad)}: {name}", method,
                            $"{Fill(path)}?{parameter.Name}={Uri.EscapeDataString(bad)}", BadRequestCase.AnyClientError));
                    }
                }

                if (method == "GET" && parameters.Any(p => p.Name is "limit" or "count"))
                {
                    cases.Add(new($"unknown parameter: {name}", method, $"{Fill(path)}?page_size_typo=2", 422));
                }

                if (JsonBodies.Contains(name))
                {
                    cases.AddRange(Bodies(name, method, Fill(path), anonymous ? null : ServerInstance.AdminKey));
                }
            }
        }

        return cases;
    }

    private static IEnumerable<BadRequestCase> Bodies(string name, string method, string path, string? key)
    {
        const int any = BadRequestCase.AnyClientError;
        yield return new($"body unclosed: {name}", method, path, 400, Json, "{", Key: key);
        yield return new($"body lone surrogate: {name}", method, path, 400, Json, "{\"name\":\"\\ud800\",\"value\":\"\\udc00\"}", Key: key);
        yield return new($"body invalid UTF-8: {name}", method, path, 400, Json, RawBody: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], Key: key);
        yield return new($"body nested 300 deep: {name}", method, path, 400, Json, "{\"a\":" + new string('[', 300) + new string(']', 300) + "}", Key: key);
        yield return new($"body bad escape: {name}", method, path, 400, Json, "{\"a\":\"\\x41\"}", Key: key);
        yield return new($"body over 1 MiB: {name}", method, path, 413, Json, "{\"a\":\"" + new string('x', 1100 * 1024) + "\"}", Key: key);
        if (!AnyJsonValue.Contains(name))
        {
            yield return new($"body a number: {name}", method, path, any, Json, "42", Key: key);
            yield return new($"body a string: {name}", method, path, any, Json, "\"text\"", Key: key);
            yield return new($"body wrong field types: {name}", method, path, any, Json,
                "{\"name\":[1],\"value\":{\"x\":{}},\"role\":7,\"username\":false,\"password\":[],\"workflow\":{},\"type\":[]}", Key: key);
        }

        if (!name.Contains("/hooks/", StringComparison.Ordinal))
        {
            yield return new($"body as XML: {name}", method, path, any, "application/xml", "<a>1</a>", Key: key);
            yield return new($"body as multipart: {name}", method, path, any, "multipart/form-data; boundary=x", "--x--", Key: key);
        }
    }

    /// <summary>The path with every parameter at its good value, or <paramref name="bad"/> for <paramref name="parameter"/>.</summary>
    private static string Fill(string path, string? parameter = null, string? bad = null)
    {
        var builder = new StringBuilder(path);
        foreach (var (name, good) in GoodPathValues.Append(KeyValuePair.Create("id", "{run}")))
        {
            builder.Replace("{" + name + "}", name == parameter ? bad : good);
        }

        return builder.ToString();
    }

    private static string Short(string text) => text.Length <= 24 ? text : text[..12] + $"...({text.Length})";
}
