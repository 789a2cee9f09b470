using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Stepwise.Core.Definitions;
using Stepwise.Core.Tests.Definitions;
using Stepwise.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Stepwise.Core.Tests.Fuzzing;

/// <summary>
/// The YAML/JSON workflow loader under generated documents (docs/operations.md "Fuzzing"): each loads to a
/// definition or to located diagnostics, never to an exception or a hang. Three shapes: line soup built from the
/// format's keys and values, the repository's examples mutated, and random workflow structures written as JSON or
/// YAML.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class WorkflowLoaderFuzzTests(ITestOutputHelper output)
{
    private const long NormalCount = 2_000;

    private static readonly string[] Keys =
    [
        "name", "nodes", "id", "type", "with", "when", "timeout", "retry", "max_attempts", "delay", "backoff", "connections",
        "from", "to", "params", "triggers", "output", "compensate", "on_failure", "priority", "items", "node", "message", "url",
        "workflow", "cron", "path", "default", "options", "pattern", "secret", "events", "timezone", "max_parallel_nodes",
        "continue_on_error", "required", "respond", "response", "signature", "allow_ips", "concurrency", "version", "<<",
    ];

    private static readonly string[] Values =
    [
        "a", "b", "log", "http", "transform", "foreach", "workflow", "delay", "fail", "wait_for_signal", "30s", "0s", "-1s",
        "99999999999d", "1e309", "0x1F", "~", "null", "true", "yes", "\"\"", "''", "'a''b'", "\"\\u0000\"", "\"\\ud800\"", "é",
        "${{ params.x }}", "${{ nodes.a.output }}", "${{ item }}", "${{ 1 + }}", "${{ len('a', 2) }}", "${{ range(0, 3) }}",
        "${{ join(map(range(0, 99999), x => 'aaaa'), '') }}", "* * * * *", "0 */5 * * * *", "Europe/Berlin", "Mars/Olympus",
        "int", "string", "select", "object", "array", "compensate", "stop", "webhook", "schedule", "manual", "file_watch",
        "[]", "{}", "[a, b]", "{a: 1}", "&x a", "*x", "!!binary AAAA", "!!python/object x", "|", ">", "- ", "? ", "%YAML 1.2",
        "---", "...", "#", "\t", "${{", "}}", "sha256", "10.0.0.0/8", "::1/129", "[*x, *x, *x]",
    ];

    private static readonly string[] Examples = [.. Directory
        .EnumerateFiles(DefinitionTestKit.ExamplesFolder, "*.yaml", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)];

    private static readonly Gen<string> DocumentPath = Gen.OneOf<string?>("fuzz.yaml", "fuzz.yml", "fuzz.json", null, "fuzz.txt")
        .Select(path => path ?? string.Empty);

    /// <summary>Lines of <c>key: value</c>, list items and stray characters at random indentation.</summary>
    private static readonly Gen<string> LineSoup =
        Gen.Select(Gen.Int[0, 8], Gen.OneOf(Keys), Gen.OneOf(Values), Gen.Int[0, 4], (indent, key, value, shape) => shape switch
        {
            0 => $"{new string(' ', indent)}{key}: {value}",
            1 => $"{new string(' ', indent)}- {key}: {value}",
            2 => $"{new string(' ', indent)}- {value}",
            3 => $"{new string(' ', indent)}{key}:",
            _ => $"{new string(' ', indent)}{value}",
        }).Array[0, 30].Select(lines => string.Join('\n', lines));

    /// <summary>An example with a few edits: a cut, an insertion, a truncation, a re-indented line.</summary>
    private static readonly Gen<string> MutatedExample =
        Gen.Select(
            Gen.Int[0, Examples.Length - 1],
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, 100_000], Gen.OneOf(Values), Gen.OneOf(Keys)).Array[1, 6],
            (index, edits) =>
            {
                var text = new StringBuilder(Examples[index]);
                foreach (var (kind, at, value, key) in edits)
                {
                    Mutate(text, kind, at, value, key);
                }

                return text.ToString();
            });

    /// <summary>A workflow-shaped object (real keys, random values) written as JSON; YAML reads JSON too.</summary>
    private static readonly Gen<string> Structure =
        Gen.Select(Nodes(), Gen.OneOf(Values), Gen.Bool, Gen.OneOf(Keys), AnyValue(2), (nodes, name, indented, extraKey, extra) =>
        {
            var workflow = new JsonObject { ["name"] = name, ["nodes"] = nodes };
            workflow[extraKey] = extra;
            return workflow.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = indented });
        });

    private static readonly Gen<string> Noise = Gen.String[Gen.Char, 0, 200];

    [Fact]
    public Task Load_GeneratedDocuments_EndInADefinitionOrLocatedDiagnostics() =>
        Fuzz.RunAsync(
            output,
            "workflow loader",
            Gen.Select(Gen.Frequency<string>((3, LineSoup), (4, MutatedExample), (3, Structure), (1, Noise)), DocumentPath),
            input => Check(input.Item1, input.Item2.Length == 0 ? null : input.Item2),
            NormalCount,
            input => $"{input.Item2}: {input.Item1}");

    private static void Check(string text, string? path)
    {
        var result = DefinitionTestKit.Load(text, path);
        Assert.True(result.Succeeded || result.Errors.Any(), "an invalid result without errors");
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.NotNull(diagnostic.Location);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }

        if (result.Definition is { } definition)
        {
            Assert.NotEmpty(DefinitionJson.ToJson(definition, result.OutputType).ToJsonString());
        }
    }

    private static void Mutate(StringBuilder text, int kind, int at, string value, string key)
    {
        if (text.Length == 0)
        {
            text.Append(value);
            return;
        }

        at %= text.Length;
        switch (kind)
        {
            case 0:
                text.Remove(at, Math.Min(1 + (at % 8), text.Length - at));
                break;
            case 1:
                text.Insert(at, value);
                break;
            case 2:
                text.Insert(at, "\n" + key + ": " + value);
                break;
            case 3:
                text.Length = at;
                break;
            case 4:
                text.Insert(at, new string(' ', 1 + (at % 5)));
                break;
            default:
                text[at] = value.Length > 0 ? value[0] : ' ';
                break;
        }
    }

    private static Gen<JsonArray> Nodes() =>
        Gen.Select(
            Gen.OneOf(Values),
            Gen.OneOf("log", "http", "transform", "foreach", "workflow", "delay", "fail", "nope"),
            AnyValue(2),
            Gen.OneOf(Keys),
            AnyValue(1),
            (id, type, with, key, extra) =>
            {
                var node = new JsonObject { ["id"] = id, ["type"] = type, ["with"] = with };
                node[key] = extra;
                return node;
            })
            .Array[0, 5]
            .Select(nodes => new JsonArray([.. nodes.Select(node => (JsonNode)node)]));

    private static Gen<JsonNode?> AnyValue(int depth)
    {
        var leaf = Gen.Frequency<JsonNode?>(
            (1, Gen.Const<JsonNode?>((JsonNode?)null)),
            (2, Gen.Int.Select(n => (JsonNode?)JsonValue.Create(n))),
            (1, Gen.Double.Select(n => double.IsFinite(n) ? (JsonNode?)JsonValue.Create(n) : null)),
            (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
            (5, Gen.OneOf(Values).Select(v => (JsonNode?)JsonValue.Create(v))));
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = AnyValue(depth - 1);
        return Gen.Frequency<JsonNode?>(
            (4, leaf),
            (1, inner.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items]))),
            (2, Gen.Select(Gen.OneOf(Keys), inner).Array[0, 4].Select(pairs =>
            {
                var node = new JsonObject();
                foreach (var (key, value) in pairs)
                {
                    node[key] = value;
                }

                return (JsonNode?)node;
            })));
    }
}
