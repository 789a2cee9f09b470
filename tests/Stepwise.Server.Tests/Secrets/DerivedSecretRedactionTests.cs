using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Expressions.Functions;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

/// <summary>
/// Issue 21 item 3: values computed from a secret stay secret. Every function of the expression language is applied
/// to a secret (the table below must name each one, so a new function fails here until it is covered), with
/// concatenation, interpolation, indexing and arithmetic; no derived form may appear in a step's input or output,
/// the run's output, a log line, an error, an API answer, the server's log or any byte of the SQLite files (WAL
/// included), while the http step's sink still receives the real basic-auth header.
/// </summary>
public sealed class DerivedSecretRedactionTests : IDisposable
{
    private const string S = "Qx7Kp-Wm3Zr-Ty9Lb";
    private const string Padded = "  Vn4-padded-Hj8  ";
    private const string Json = """{ "user": "al-Jk5Qw", "token": "tk-Rb6Yt", "kQx7Zz": 1 }""";
    private const string Pin = "98245163";
    private const string Fraction = "77345261.6";
    private const string Date = "2031-07-19T05:06:07Z";
    private const string DayFirst = "19.07.2031 11:12";
    private const string Quote = "say \"Hi-Zx9\"";
    private const string User = "svc-Lm4";
    private const string Password = "pw-Gh7Nc2";
    private static readonly string Encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("decoded-Pz2Mn"));
    private static readonly string Basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["s"] = S, ["padded"] = Padded, ["json"] = Json, ["pin"] = Pin, ["f"] = Fraction, ["date"] = Date,
        ["dmy"] = DayFirst, ["b64"] = Encoded, ["quote"] = Quote, ["user"] = User, ["pass"] = Password,
    };

    private static long PinValue => long.Parse(Pin, CultureInfo.InvariantCulture);

    /// <summary>
    /// Each function that passes a secret on (derives from it or selects it): an expression applying it to a secret,
    /// and the texts that expression computes, none of which may appear anywhere.
    /// </summary>
    private static readonly Dictionary<string, (string Expression, string[] Derived)> Passing = new()
    {
        ["upper"] = ("upper(secrets.s)", [S.ToUpperInvariant()]),
        ["lower"] = ("lower(secrets.s)", [S.ToLowerInvariant()]),
        ["trim"] = ("trim(secrets.padded)", [Padded.Trim()]),
        ["split"] = ("split(secrets.s, '-')", ["Qx7Kp", "Wm3Zr", "Ty9Lb"]),
        ["join"] = ("join(split(secrets.s, '-'), '.')", ["Qx7Kp.Wm3Zr.Ty9Lb"]),
        ["replace"] = ("replace(secrets.s, '-', '_')", ["Qx7Kp_Wm3Zr_Ty9Lb"]),
        ["substring"] = ("substring(secrets.s, 2, 6)", ["7Kp-Wm"]),
        ["base64_encode"] = ("base64_encode(secrets.s)", [Convert.ToBase64String(Encoding.UTF8.GetBytes(S))]),
        ["base64_decode"] = ("base64_decode(secrets.b64)", ["decoded-Pz2Mn"]),
        ["sha256"] = ("sha256(secrets.s)", [Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(S)))]),
        ["to_string"] = ("to_string(json_parse(secrets.json))", ["""{"user":"al-Jk5Qw","token":"tk-Rb6Yt","kQx7Zz":1}"""]),
        ["json_string"] = ("json_string(json_parse(secrets.json).user)", ["\"al-Jk5Qw\""]),
        ["json_parse"] = ("json_parse(secrets.json).token", ["tk-Rb6Yt"]),
        ["format_date"] = ("format_date(secrets.date, 'yyyyMMddHHmmss')", ["20310719050607"]),
        ["parse_date"] = ("parse_date(secrets.dmy, 'dd.MM.yyyy HH:mm')", ["2031-07-19T11:12:00.000Z"]),
        ["to_int"] = ("to_int(substring(secrets.pin, 1))", ["8245163"]),
        ["to_number"] = ("to_number(substring(secrets.f, 1))", ["7345261.6"]),
        ["round"] = ("round(to_number(secrets.f))", ["77345262"]),
        ["floor"] = ("floor(to_number(secrets.f) * 3)", ["232035784"]),
        ["ceil"] = ("ceil(to_number(secrets.f) / 7)", [Math.Ceiling(77345261.6 / 7).ToString(CultureInfo.InvariantCulture)]),
        ["abs"] = ("abs(to_int(secrets.pin) - 100000000)", [(100000000 - PinValue).ToString(CultureInfo.InvariantCulture)]),
        ["sum"] = ("sum([to_int(secrets.pin), 11])", [(PinValue + 11).ToString(CultureInfo.InvariantCulture)]),
        ["avg"] = ("avg([to_int(secrets.pin), 1])", [((PinValue + 1) / 2).ToString(CultureInfo.InvariantCulture)]),
        ["keys"] = ("keys(json_parse(secrets.json))", ["kQx7Zz"]),
        ["values"] = ("values(json_parse(secrets.json))", ["al-Jk5Qw", "tk-Rb6Yt"]),
        ["first"] = ("first(split(secrets.s, '-'))", ["Qx7Kp"]),
        ["last"] = ("last(split(secrets.s, '-'))", ["Ty9Lb"]),
        ["reverse"] = ("join(reverse(split(secrets.s, '-')), '/')", ["Ty9Lb/Wm3Zr/Qx7Kp"]),
        ["distinct"] = ("distinct(split(secrets.s, '-'))", ["Qx7Kp", "Wm3Zr", "Ty9Lb"]),
        ["chunk"] = ("chunk(split(secrets.s, '-'), 2)", ["Qx7Kp", "Wm3Zr", "Ty9Lb"]),
        ["flatten"] = ("flatten(chunk(split(secrets.s, '-'), 2))", ["Qx7Kp", "Wm3Zr", "Ty9Lb"]),
        ["coalesce"] = ("coalesce(null, lower(secrets.pass))", [Password.ToLowerInvariant()]),
        ["min"] = ("min([to_int(secrets.pin) + 5, 999999999])", [(PinValue + 5).ToString(CultureInfo.InvariantCulture)]),
        ["max"] = ("max(to_int(secrets.pin) + 7, 3)", [(PinValue + 7).ToString(CultureInfo.InvariantCulture)]),
        ["map"] = ("map(split(secrets.s, '-'), x => upper(x) + '!')", ["QX7KP!", "WM3ZR!", "TY9LB!"]),
        ["filter"] = ("filter(split(secrets.s, '-'), x => x != 'zz')", ["Qx7Kp", "Wm3Zr", "Ty9Lb"]),
        ["find"] = ("find(split(secrets.s, '-'), x => starts_with(x, 'T'))", ["Ty9Lb"]),
    };

    /// <summary>Functions whose result only tells something about a secret (a bool, a length, a count): not tracked.</summary>
    private static readonly Dictionary<string, string> Testing = new()
    {
        ["len"] = "len(secrets.s)",
        ["contains"] = "contains(secrets.s, '-')",
        ["starts_with"] = "starts_with(secrets.s, 'Q')",
        ["ends_with"] = "ends_with(secrets.s, 'b')",
        ["regex_match"] = "regex_match(secrets.s, '^Q')",
        ["any"] = "any(split(secrets.s, '-'), x => len(x) == 4)",
        ["all"] = "all(split(secrets.s, '-'), x => len(x) == 5)",
        ["to_bool"] = "to_bool(len(secrets.s) > 3)",
        ["has_config"] = "has_config(secrets.s)",
        ["range"] = "len(range(to_int(substring(secrets.pin, 0, 1))))",
    };

    /// <summary>Functions that take no argument, so no secret can reach them.</summary>
    private static readonly string[] NoArguments = ["now", "uuid"];

    /// <summary>The operators and templates that build a text from a secret's pieces.</summary>
    private static readonly Dictionary<string, (string Template, string[] Derived)> Building = new()
    {
        ["concatenation"] = ("${{ 'id-' + substring(secrets.s, 0, 2) }}", ["id-Qx"]),
        ["interpolation"] = ("pre-${{ substring(secrets.s, 3, 2) }}-post", ["pre-Kp-post"]),
        ["index"] = ("${{ secrets.s[6] + secrets.s[7] + secrets.s[8] + '~' }}", ["Wm3~"]),
        ["negate"] = ("${{ -(to_int(secrets.pin) + 2) }}", [(-(PinValue + 2)).ToString(CultureInfo.InvariantCulture)]),
        ["arithmetic"] = ("${{ to_int(secrets.pin) * 2 }}", [(PinValue * 2).ToString(CultureInfo.InvariantCulture)]),
        ["object"] = ("${{ { inner: lower(secrets.user), list: [upper(secrets.user)] } }}", [User.ToLowerInvariant(), User.ToUpperInvariant()]),
        ["object_in_text"] = ("quoted ${{ { a: secrets.quote } }}", ["""quoted {"a":"say \"Hi-Zx9\""}"""]),
    };

    private readonly TempFolder logs = new();
    private readonly ServerFactory factory;

    public DerivedSecretRedactionTests()
    {
        factory = new ServerFactory()
            .With("LOG_LEVEL", "debug")
            .With("LOG_OUTPUT", Path.Combine(logs.Path, "server.log"));
    }

    public void Dispose()
    {
        factory.Dispose();
        logs.Dispose();
        if (factory.KeepFolder && Directory.Exists(factory.DataFolder))
        {
            Directory.Delete(factory.DataFolder, recursive: true);
        }
    }

    [Fact]
    public void Table_CoversEveryFunctionOfTheLanguage_WithItsDeclaredFlow()
    {
        var covered = Passing.Keys.Concat(Testing.Keys).Concat(NoArguments).Order(StringComparer.Ordinal).ToList();
        var functions = FunctionLibrary.All.Select(function => function.Name).ToList();

        Assert.Equal(functions, covered);
        foreach (var function in FunctionLibrary.All)
        {
            if (Testing.ContainsKey(function.Name))
            {
                Assert.Equal(SecretFlow.Tests, function.Secrets);
            }
            else if (NoArguments.Contains(function.Name))
            {
                Assert.Equal(0, function.MaxArguments);
            }
            else
            {
                Assert.NotEqual(SecretFlow.Tests, function.Secrets);
                Assert.Contains(function.Name + "(", Passing[function.Name].Expression, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Run_DerivingFromSecretsEverywhere_LeavesNoDerivedFormAnywhere_AndTheSinkGetsTheRealHeader()
    {
        using var echo = new LocalHttpServer(request => (200, JsonSerializer.Serialize(new { seen = request.Headers["Authorization"] })));
        var answers = new StringBuilder();
        string[] runs;
        using (var admin = factory.Client())
        {
            foreach (var (name, value) in Secrets)
            {
                var body = new JsonObject { ["value"] = value }.ToJsonString();
                (await admin.PutAsync($"/api/v1/secrets/{name}", Api.Json(body))).EnsureSuccessStatusCode();
            }

            await admin.DeployAsync(DerivingWorkflow());
            await admin.DeployAsync(FailingWorkflow());
            var run = await admin.RunAsync("derives", new JsonObject { ["url"] = echo.Url("/check") }.ToJsonString());
            var failed = await admin.RunAsync("derives_and_fails");
            runs = [run.Id(), failed.Id()];
            foreach (var id in runs)
            {
                answers.Append(await admin.GetStringAsync($"/api/v1/executions/{id}"));
                answers.Append(await admin.GetStringAsync($"/api/v1/executions/{id}/logs"));
            }

            answers.Append(run.ToJsonString()).Append(failed.ToJsonString());
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
            Assert.Equal("failed", failed.Status());
            Assert.Equal($"Basic {Basic}", echo.To("/check").Single().Headers["Authorization"]);

            var detail = await admin.GetRunAsync(run.Id());
            Assert.Equal("Basic ***", detail.Step("call")!["output"]!["body"]!["seen"]!.GetValue<string>());
            Assert.Equal("***", detail["output"]!["upper"]!.GetValue<string>());
            Assert.Equal("***", detail["output"]!["arithmetic"]!.GetValue<string>());
            Assert.Contains("to_int: cannot convert '***' to int", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);

            // The WAL is searched while the server still has it open: a checkpoint at shutdown may fold it away.
            await WaitForLogAsync("execution.end");
            AssertNoneInFiles(Directory.GetFiles(factory.DataFolder, "stepwise.db*"));
        }

        factory.KeepFolder = true;
        await factory.DisposeAsync();
        AssertNoneInFiles(Directory.GetFiles(factory.DataFolder, "stepwise.db*"));
        AssertNoneInFiles(Directory.GetFiles(logs.Path));
        AssertNoneIn("console", factory.Console.ToString());
        AssertNoneIn("API answers", answers.ToString());
        Assert.Empty(await TableHitsAsync(Path.Combine(factory.DataFolder, "stepwise.db")));
    }

    private static string DerivingWorkflow()
    {
        var inputs = new StringBuilder();
        foreach (var (name, (expression, _)) in Passing)
        {
            inputs.Append(CultureInfo.InvariantCulture, $"      {name}: {Yaml("${{ " + expression + " }}")}\n");
        }

        foreach (var (name, expression) in Testing)
        {
            inputs.Append(CultureInfo.InvariantCulture, $"      test_{name}: {Yaml("${{ " + expression + " }}")}\n");
        }

        foreach (var (name, (template, _)) in Building)
        {
            inputs.Append(CultureInfo.InvariantCulture, $"      {name}: {Yaml(template)}\n");
        }

        return $$$"""
            name: derives
            params:
              - { name: url, type: string, required: true }
            output: ${{ nodes.derive.output }}
            nodes:
              - id: derive
                type: transform
                with:
            {{{inputs}}}
              - id: note
                type: log
                with:
                  message: "derived ${{ lower(secrets.s) }} and ${{ sha256(secrets.s) }}"
                  data: { encoded: "${{ base64_encode(secrets.s) }}", token: "${{ json_parse(secrets.json).token }}" }
              - id: call
                type: http
                with:
                  url: "${{ params.url }}"
                  headers: { Authorization: "Basic ${{ base64_encode(secrets.user + ':' + secrets.pass) }}" }
            """;
    }

    private static string FailingWorkflow() => """
        name: derives_and_fails
        nodes:
          - id: broken
            type: transform
            with: { n: "${{ to_int(upper(secrets.s)) }}" }
        """;

    private static string Yaml(string text) => JsonSerializer.Serialize(text);

    /// <summary>Every derived text, as written and as JSON escapes it (strict and relaxed encoders).</summary>
    private static IEnumerable<string> Needles()
    {
        var derived = Passing.Values.SelectMany(c => c.Derived).Concat(Building.Values.SelectMany(c => c.Derived))
            .Append(Basic).Append($"{User}:{Password}");
        foreach (var text in derived.Distinct(StringComparer.Ordinal))
        {
            yield return text;
            yield return JsonSerializer.Serialize(text)[1..^1];
            yield return JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })[1..^1];
        }
    }

    private static void AssertNoneIn(string where, string text)
    {
        var found = Needles().Distinct(StringComparer.Ordinal).Where(needle => text.Contains(needle, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 0, $"{where} holds {string.Join(", ", found)}");
    }

    private static void AssertNoneInFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            // SQLite removes its -shm (and an emptied -wal) when the last connection closes: a file listed a moment
            // ago may be gone, and then holds nothing to search.
            if (!File.Exists(file))
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = ReadShared(file);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            var found = Needles().Distinct(StringComparer.Ordinal)
                .Where(needle => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0).ToList();
            Assert.True(found.Count == 0, $"{Path.GetFileName(file)} holds {string.Join(", ", found)}");
        }
    }

    private async Task WaitForLogAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Directory.GetFiles(logs.Path).Any(file => Encoding.UTF8.GetString(ReadShared(file)).Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Every table, row and text or blob column holding a derived text: "table.column: text".</summary>
    private static Task<List<string>> TableHitsAsync(string path) =>
        StoreTextScan.FindAsync(path, [.. Needles().Distinct(StringComparer.Ordinal)], "steps");
}
