using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Tests.Definitions;

public sealed class DocumentReaderTests
{
    [Fact]
    public void Read_YamlPlainScalars_TypedByCoreSchema()
    {
        var root = ReadObject("""
            a: true
            b: False
            c: null
            d: ~
            e:
            f: 42
            g: -7
            h: 2.5
            i: 1e3
            j: 0x1F
            k: 0o17
            l: yes
            m: on
            n: 12345678901234567890
            """);

        Assert.Equal(JsonValueKind.True, root["a"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, root["b"]!.GetValueKind());
        Assert.Null(root["c"]);
        Assert.Null(root["d"]);
        Assert.True(root.ContainsKey("e"));
        Assert.Null(root["e"]);
        Assert.Equal(42L, root["f"]!.GetValue<long>());
        Assert.Equal(-7L, root["g"]!.GetValue<long>());
        Assert.Equal(2.5, root["h"]!.GetValue<double>());
        Assert.Equal(1000.0, root["i"]!.GetValue<double>());
        Assert.Equal(31L, root["j"]!.GetValue<long>());
        Assert.Equal(15L, root["k"]!.GetValue<long>());
        Assert.Equal("yes", root["l"]!.GetValue<string>());
        Assert.Equal("on", root["m"]!.GetValue<string>());
        Assert.Equal("12345678901234567890", root["n"]!.ToJsonString());
    }

    [Fact]
    public void Read_YamlQuotedAndTaggedScalars_StayStrings()
    {
        var root = ReadObject("""
            a: "true"
            b: '42'
            c: !!str 7
            d: ! null
            e: |
              two
              lines
            f: !!int "12"
            """);

        Assert.Equal("true", root["a"]!.GetValue<string>());
        Assert.Equal("42", root["b"]!.GetValue<string>());
        Assert.Equal("7", root["c"]!.GetValue<string>());
        Assert.Equal("null", root["d"]!.GetValue<string>());
        Assert.Equal("two\nlines\n", root["e"]!.GetValue<string>());
        Assert.Equal(12L, root["f"]!.GetValue<long>());
    }

    [Fact]
    public void Read_YamlAlias_CopiesTheAnchoredValue()
    {
        var root = ReadObject("""
            base: &retry { max_attempts: 3, delay: 1s }
            again: *retry
            """);

        Assert.Equal(3L, root["again"]!["max_attempts"]!.GetValue<long>());
        Assert.NotSame(root["base"], root["again"]);
    }

    [Fact]
    public void Read_JsonDocument_KeepsTypesAndPositions()
    {
        const string text = "{\n  \"name\": \"x\",\n  \"n\": [1, 2.5, true, null, \"s\\u00e9\"]\n}";
        var document = DocumentReader.Read(text, "w.json", out var error);

        Assert.Null(error);
        Assert.Equal(DocumentFormat.Json, document!.Format);
        var root = (JsonObject)document.Root!;
        Assert.Equal("sé", root["n"]![4]!.GetValue<string>());
        Assert.Equal(new SourceLocation("w.json", 3, 9), document.Map.Of(root["n"]![0]));
        Assert.Equal(new SourceLocation("w.json", 2, 3), document.Map.OfKey(root, "name"));
    }

    [Theory]
    [InlineData("x.yaml", "a: 1", DocumentFormat.Yaml)]
    [InlineData("x.yml", "{\"a\": 1}", DocumentFormat.Yaml)]
    [InlineData("x.json", "{\"a\": 1}", DocumentFormat.Json)]
    [InlineData(null, "  {\"a\": 1}", DocumentFormat.Json)]
    [InlineData(null, "a: 1", DocumentFormat.Yaml)]
    [InlineData("noext", "[1]", DocumentFormat.Json)]
    public void DetectFormat_ExtensionThenContent_PicksFormat(string? path, string text, DocumentFormat expected) =>
        Assert.Equal(expected, DocumentReader.DetectFormat(text, path));

    [Fact]
    public void Read_YamlFlowWithoutExtension_FallsBackFromJsonToYaml()
    {
        var document = DocumentReader.Read("{name: x, nodes: []}", null, out var error);

        Assert.Null(error);
        Assert.Equal(DocumentFormat.Yaml, document!.Format);
        Assert.Equal("x", document.Root!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Read_YamlPositions_AreOneBasedLineAndColumn()
    {
        var document = DocumentReader.Read("name: x\nnodes:\n  - id: a\n    type: log\n", "w.yaml", out _)!;
        var node = document.Root!["nodes"]![0]!.AsObject();

        Assert.Equal(new SourceLocation("w.yaml", 3, 5), document.Map.Of(node));
        Assert.Equal(new SourceLocation("w.yaml", 4, 11), document.Map.Of(node["type"]));
        Assert.Equal(new SourceLocation("w.yaml", 4, 5), document.Map.OfKey(node, "type"));
    }

    [Fact]
    public void Read_CrLfLineEnds_CountLinesOnce()
    {
        var document = DocumentReader.Read("a: 1\r\nb: 2\r\n", "w.yaml", out _)!;

        Assert.Equal(new SourceLocation("w.yaml", 2, 4), document.Map.Of(document.Root!["b"]));
    }

    [Fact]
    public void Read_ByteOrderMark_IsNotAColumn()
    {
        var document = DocumentReader.Read("\uFEFFa: 1\n", "w.yaml", out var error)!;

        Assert.Null(error);
        Assert.Equal(new SourceLocation("w.yaml", 1, 4), document.Map.Of(document.Root!["a"]));
    }

    [Theory]
    [InlineData("a: [1, 2\nb: 3", 1)]
    [InlineData("a: b: c", 1)]
    [InlineData("a:\n  - x\n - y", 3)]
    [InlineData("a: \"unterminated\nb: 1", 1)]
    [InlineData("- a\nb: 1", 2)]

    // Found by the fuzzer (issue 21): YamlDotNet throws ArgumentException for a tag that is not a URI.
    [InlineData("name: x\ndelay: !!python/object[x target\n", 2)]
    public void Read_MalformedYaml_OneDiagnosticWithPosition(string text, int line)
    {
        var document = DocumentReader.Read(text, "bad.yaml", out var error);

        Assert.Null(document);
        Assert.NotNull(error);
        Assert.StartsWith("Invalid YAML", error!.Message, StringComparison.Ordinal);
        Assert.Equal("bad.yaml", error.Location!.File);
        Assert.True(error.Location.Line >= line, error.ToString());
    }

    [Theory]
    [InlineData("{\"a\": 1,,}", 1, 9)]
    [InlineData("{\"a\": 1}\n{\"b\": 2}", 2, 1)]
    [InlineData("{\n  \"a\": tru\n}", 2, 11)]
    [InlineData("{\"a\": 1", 1, 8)]
    [InlineData("", 1, 1)]
    public void Read_MalformedJson_OneDiagnosticWithPosition(string text, int line, int column)
    {
        var document = DocumentReader.Read(text, "bad.json", out var error);

        Assert.Null(document);
        Assert.StartsWith("Invalid JSON", error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Location!.Line);
        Assert.Equal(column, error.Location.Column);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "bad.yaml", 2)]
    [InlineData("{\"a\": 1,\n \"a\": 2}", "bad.json", 2)]
    public void Read_DuplicateKey_IsAnError(string text, string path, int line)
    {
        DocumentReader.Read(text, path, out var error);

        Assert.Equal("duplicate key 'a'", error!.Message);
        Assert.Equal(line, error.Location!.Line);
    }

    [Fact]
    public void Read_TwoYamlDocuments_IsAnError()
    {
        DocumentReader.Read("a: 1\n---\nb: 2\n", "w.yaml", out var error);

        Assert.Contains("one YAML document", error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location!.Line);
    }

    [Theory]
    [InlineData("a: *missing", "unknown YAML alias '*missing'")]
    [InlineData("a: &x [1, *x]", "unknown YAML alias '*x'")]
    [InlineData("a: !custom 1", "unsupported YAML tag '!custom'")]
    [InlineData("a: .inf", "not a finite number")]
    [InlineData("a: 1e999", "out of the range")]
    [InlineData("? [a]\n: 1", "mapping keys must be plain values")]
    public void Read_YamlThatJsonCannotHold_IsAnError(string text, string message)
    {
        DocumentReader.Read(text, "w.yaml", out var error);

        Assert.Contains(message, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverOneMebibyte_RefusedBeforeParsing()
    {
        var text = "a: " + new string('x', DocumentLimits.MaxDocumentBytes);

        var document = DocumentReader.Read(text, "big.yaml", out var error);

        Assert.Null(document);
        Assert.Contains("too large", error!.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AlmostOneMebibyte_Succeeds()
    {
        var builder = new StringBuilder();
        var i = 0;
        while (builder.Length < DocumentLimits.MaxDocumentBytes - 100)
        {
            builder.Append("key").Append(i++).Append(": value number ").Append(i).Append('\n');
        }

        var document = DocumentReader.Read(builder.ToString(), "big.yaml", out var error);

        Assert.Null(error);
        Assert.Equal(i, ((JsonObject)document!.Root!).Count);
    }

    [Theory]
    [InlineData("deep.yaml", 65, false)]
    [InlineData("deep.yaml", 64, true)]
    [InlineData("deep.json", 65, false)]
    [InlineData("deep.json", 64, true)]
    public void Read_NestingDepth_LimitedTo64(string path, int depth, bool ok)
    {
        var text = new string('[', depth) + "1" + new string(']', depth);

        var document = DocumentReader.Read(text, path, out var error);

        Assert.Equal(ok, document is not null);
        if (!ok)
        {
            Assert.Contains("nested more than 64 levels", error!.Message, StringComparison.Ordinal);
            Assert.Equal(65, error.Location!.Column);
        }
    }

    [Theory]
    [InlineData("deep.yaml")]
    [InlineData("deep.json")]
    public void Read_HugeNesting_FailsCleanly(string path)
    {
        var text = new string('[', 200_000) + new string(']', 200_000);

        var document = DocumentReader.Read(text, path, out var error);

        Assert.Null(document);
        Assert.Contains("nested more than 64 levels", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BlockNestingThroughIndentation_Limited()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            builder.Append(' ', i).Append('k').Append(i).Append(":\n");
        }

        DocumentReader.Read(builder.ToString(), "deep.yaml", out var error);

        Assert.Contains("nested more than 64 levels", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BillionLaughs_StopsAtTheExpansionLimit()
    {
        var builder = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = $"*a{i - 1}";
            builder.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        var document = DocumentReader.Read(builder.ToString(), "laughs.yaml", out var error);

        Assert.Null(document);
        Assert.Contains("aliases expand to more than", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AliasDeeperThanTheLimitWhenCopied_IsAnError()
    {
        var nested = new string('[', 40) + "1" + new string(']', 40);
        var text = $"a: &deep {nested}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*deep]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n";

        DocumentReader.Read(text, "w.yaml", out var error);

        Assert.Contains("through alias '*deep'", error!.Message, StringComparison.Ordinal);
    }

    private static JsonObject ReadObject(string yaml)
    {
        var document = DocumentReader.Read(yaml, "t.yaml", out var error);
        Assert.True(error is null, error?.ToString());
        return (JsonObject)document!.Root!;
    }
}
