using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Xunit.Abstractions;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>
/// Thousands of seeded random and mutated documents: each must load to a definition or to located diagnostics,
/// never to an exception.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    private const string Specials = "{}[]:-,'\"&*!|>#%@?\n\t \\$.";

    private static readonly string[] Keys =
    [
        "name", "nodes", "id", "type", "with", "when", "timeout", "retry", "max_attempts", "delay", "connections", "from",
        "to", "params", "triggers", "output", "compensate", "on_failure", "priority", "items", "node", "message", "url",
        "workflow", "cron", "path", "default", "options", "pattern", "secret", "events", "timezone", "max_parallel_nodes",
    ];

    private static readonly string[] Words =
    [
        "a", "b", "log", "http", "transform", "foreach", "workflow", "delay", "fail", "30s", "abc", "${{ params.x }}",
        "${{ nodes.a.output }}", "${{ item }}", "${{ 1 + }}", "${{ len('a', 2) }}", "${{ range(0, 3) }}", "* * * * *",
        "Europe/Berlin", "int", "string", "select", "compensate", "stop", "webhook", "schedule", "manual", "file_watch",
        "${{ nodes.b.output.v > 2 }}", "${{ map(params.a, x => x.v) }}", "${{", "}}", "", "0 */5 * * * *",
    ];

    [Fact]
    public void Load_MutatedExamples_NeverThrow()
    {
        var examples = Directory.EnumerateFiles(DefinitionTestKit.ExamplesFolder, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        var random = new Random(20_240_131);
        var outcomes = new Outcomes();
        for (var i = 0; i < 3_000; i++)
        {
            var text = Mutate(examples[random.Next(examples.Length)], random, random.Next(1, 6));
            outcomes.Add(LoadChecked(text, i % 7 == 0 ? "fuzz.json" : "fuzz.yaml"));
        }

        output.WriteLine(outcomes.ToString());
        Assert.True(outcomes.Valid > 0 && outcomes.Invalid > 0, outcomes.ToString());
    }

    [Fact]
    public void Load_RandomText_NeverThrows()
    {
        var random = new Random(7);
        var outcomes = new Outcomes();
        for (var i = 0; i < 1_500; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 200);
            for (var j = 0; j < length; j++)
            {
                builder.Append(random.Next(4) switch
                {
                    0 => Specials[random.Next(Specials.Length)],
                    1 => (char)random.Next(0x20, 0x7F),
                    2 => (char)random.Next(0, 0x10000),
                    _ => Keys[random.Next(Keys.Length)] + ": ",
                });
            }

            outcomes.Add(LoadChecked(builder.ToString(), random.Next(3) switch { 0 => "fuzz.json", 1 => null, _ => "fuzz.yaml" }));
        }

        output.WriteLine(outcomes.ToString());
        Assert.Equal(1_500, outcomes.Valid + outcomes.Invalid);
    }

    [Fact]
    public void Load_RandomStructures_NeverThrow()
    {
        var random = new Random(42);
        var outcomes = new Outcomes();
        for (var i = 0; i < 2_000; i++)
        {
            var document = RandomWorkflow(random);
            var json = document.ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0 });
            outcomes.Add(LoadChecked(json, random.Next(2) == 0 ? "fuzz.json" : "fuzz.yaml"));
        }

        output.WriteLine(outcomes.ToString());
        Assert.True(outcomes.Valid > 0 && outcomes.Invalid > 0, outcomes.ToString());
    }

    private static bool LoadChecked(string text, string? path)
    {
        var result = DefinitionTestKit.Load(text, path);
        Assert.True(result.Succeeded || result.Errors.Any(), "an invalid result without errors");
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Location));
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
        if (result.Definition is { } definition)
        {
            Assert.NotEmpty(DefinitionJson.ToJson(definition, result.OutputType).ToJsonString());
        }

        return result.Succeeded;
    }

    private static string Mutate(string text, Random random, int mutations)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < mutations && builder.Length > 0; i++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 8), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Specials[random.Next(Specials.Length)]);
                    break;
                case 2:
                    builder.Insert(at, Words[random.Next(Words.Length)]);
                    break;
                case 3:
                    builder.Insert(at, "\n" + Keys[random.Next(Keys.Length)] + ": " + Words[random.Next(Words.Length)]);
                    break;
                case 4:
                    builder.Length = at;
                    break;
                default:
                    var lines = builder.ToString().Split('\n');
                    var line = random.Next(lines.Length);
                    lines[line] = new string(' ', random.Next(0, 8)) + lines[line].TrimStart();
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
            }
        }

        return builder.ToString();
    }

    private static JsonObject RandomWorkflow(Random random)
    {
        var ids = Enumerable.Range(0, random.Next(1, 6)).Select(i => random.Next(8) == 0 ? "Bad Id" : $"n{i}").ToArray();
        var nodes = new JsonArray();
        foreach (var id in ids)
        {
            var type = Words[random.Next(2, 9)];
            var node = new JsonObject { ["id"] = id, ["type"] = type, ["with"] = RandomInputs(type, random) };
            if (random.Next(4) == 0)
            {
                node[Keys[random.Next(Keys.Length)]] = RandomValue(random, 2);
            }

            nodes.Add(node);
        }

        var workflow = new JsonObject { ["name"] = random.Next(10) == 0 ? "Bad Name" : "fuzz", ["nodes"] = nodes };
        if (random.Next(2) == 0)
        {
            workflow["params"] = new JsonArray(new JsonObject { ["name"] = "x", ["type"] = Words[random.Next(19, 22)] });
        }

        if (random.Next(3) == 0)
        {
            workflow["connections"] = new JsonArray([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                (JsonNode)new JsonObject { ["from"] = ids[random.Next(ids.Length)], ["to"] = ids[random.Next(ids.Length)] })]);
        }

        if (random.Next(3) == 0)
        {
            workflow[Keys[random.Next(Keys.Length)]] = RandomValue(random, 3);
        }

        return workflow;
    }

    private static JsonObject RandomInputs(string type, Random random) => type switch
    {
        "log" => new JsonObject { ["message"] = Words[random.Next(Words.Length)] },
        "http" => new JsonObject { ["url"] = random.Next(2) == 0 ? "http://example.com" : Words[random.Next(Words.Length)] },
        "foreach" => new JsonObject
        {
            ["items"] = random.Next(2) == 0 ? "${{ range(0, 3) }}" : Words[random.Next(Words.Length)],
            ["node"] = new JsonObject { ["type"] = "transform", ["with"] = new JsonObject { ["v"] = "${{ item }}" } },
        },
        "workflow" => new JsonObject { ["workflow"] = "child" },
        "delay" => new JsonObject { ["duration"] = Words[random.Next(Words.Length)] },
        _ => new JsonObject { ["v"] = RandomValue(random, 2) },
    };

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth <= 0 ? 4 : 6) switch
    {
        0 => null,
        1 => random.Next(-5, 20),
        2 => random.Next(2) == 0,
        3 => Words[random.Next(Words.Length)],
        4 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => RandomValue(random, depth - 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(3)).Select(i =>
            KeyValuePair.Create(Keys[random.Next(Keys.Length)] + i, RandomValue(random, depth - 1)))),
    };

    private sealed class Outcomes
    {
        public int Valid { get; private set; }

        public int Invalid { get; private set; }

        public void Add(bool valid)
        {
            if (valid)
            {
                Valid++;
            }
            else
            {
                Invalid++;
            }
        }

        public override string ToString() => $"{Valid} valid, {Invalid} invalid";
    }
}
