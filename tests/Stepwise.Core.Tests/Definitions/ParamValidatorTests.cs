using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

public sealed class ParamValidatorTests
{
    [Fact]
    public void Validate_MissingRequired_NamesTheParam()
    {
        var result = ParamValidator.Validate([Param("email", ParamType.Email, required: true)], []);

        Assert.False(result.IsValid);
        Assert.Equal(["Missing required parameter: email"], result.Errors);
    }

    [Fact]
    public void Validate_NullInput_TreatedAsEmpty()
    {
        var result = ParamValidator.Validate([Param("n", ParamType.Int, required: true)], null);

        Assert.Equal(["Missing required parameter: n"], result.Errors);
    }

    [Fact]
    public void Validate_ExplicitNullForRequired_IsMissing()
    {
        var result = ParamValidator.Validate([Param("n", ParamType.Int, required: true)], new JsonObject { ["n"] = null });

        Assert.Equal(["Missing required parameter: n"], result.Errors);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void Validate_ParamDeclaredTwice_FirstDeclarationCountsAndOthersAreUnknown(int count)
    {
        // Few params are looked up by scanning the list, many in a set: both answer alike.
        ParamDefinition[] parameters = [.. Enumerable.Range(0, count).Select(i => Param($"p{i}", ParamType.Int)), Param("p1", ParamType.String)];
        var input = new JsonObject { ["p1"] = 5, ["p2"] = "7", ["nope"] = 1 };

        var result = ParamValidator.Validate(parameters, input);

        Assert.Equal(["Unknown parameter 'nope'"], result.Errors);
        Assert.Equal(count, result.Values.Count);
        Assert.Equal("5", result.Values["p1"]!.ToJsonString());
        Assert.Equal("7", result.Values["p2"]!.ToJsonString());
        Assert.Empty(ParamValidator.Validate(parameters, new JsonObject { ["p0"] = 1 }).Errors);
    }

    [Fact]
    public void Validate_IgnoreUndeclared_OtherFieldsLeftOutAndTheInputOnlyRead()
    {
        // A webhook's body is validated in place: its undeclared fields are the run's trigger.body only, and the
        // params are new nodes, so the body keeps every value it had.
        var body = new JsonObject { ["a"] = "x", ["tags"] = new JsonArray("t"), ["extra"] = 1, ["deep"] = new JsonObject { ["k"] = true } };
        var before = body.ToJsonString();

        var result = ParamValidator.Validate([Param("a"), Param("tags", ParamType.Array), Param("missing")], body, ignoreUndeclared: true);

        Assert.Empty(result.Errors);
        Assert.Equal("""{"a":"x","tags":["t"],"missing":null}""", result.Values.ToJsonString());
        Assert.NotSame(body["tags"], result.Values["tags"]);
        Assert.Equal(before, body.ToJsonString());
        Assert.Equal(["Unknown parameter 'extra'", "Unknown parameter 'deep'"], ParamValidator.Validate([Param("a"), Param("tags", ParamType.Array)], body).Errors);
    }

    [Fact]
    public void Validate_UnknownParam_Rejected()
    {
        var result = ParamValidator.Validate([Param("a")], new JsonObject { ["a"] = "x", ["x"] = 1 });

        Assert.Equal(["Unknown parameter 'x'"], result.Errors);
    }

    [Fact]
    public void Validate_EveryProblem_ReportedAtOnce()
    {
        var result = ParamValidator.Validate(
            [Param("email", ParamType.Email, required: true), Param("n", ParamType.Int), Param("name", required: true)],
            new JsonObject { ["email"] = "nope", ["n"] = "abc", ["extra"] = true });

        Assert.Equal(
            [
                "Parameter 'email' validation failed: Invalid email format",
                "Parameter 'n' validation failed: expected an integer, got 'abc'",
                "Missing required parameter: name",
                "Unknown parameter 'extra'",
            ],
            result.Errors);
    }

    [Fact]
    public void Validate_DefaultsAndAbsentOptionals_FillEveryDeclaredParam()
    {
        var result = ParamValidator.Validate(
            [Param("scope", ParamType.Select, options: ["all", "active"], defaultValue: "active"), Param("note")],
            []);

        Assert.True(result.IsValid);
        Assert.Equal("""{"scope":"active","note":null}""", result.Values.ToJsonString());
    }

    [Fact]
    public void Validate_DefaultValue_IsCopiedNotShared()
    {
        var parameters = new[] { Param("tags", ParamType.Array, defaultValue: new JsonArray("a")) };

        var first = ParamValidator.Validate(parameters, []);
        first.Values["tags"]!.AsArray().Add("b");
        var second = ParamValidator.Validate(parameters, []);

        Assert.Equal("""["a"]""", second.Values["tags"]!.ToJsonString());
    }

    [Theory]
    [InlineData("21", "21")]
    [InlineData("21.0", "21")]
    [InlineData("-5", "-5")]
    [InlineData("\"42\"", "42")]
    public void Validate_Int_AcceptsWholeNumbers(string json, string expected)
    {
        var result = Validate(ParamType.Int, json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Values["v"]!.ToJsonString());
    }

    [Theory]
    [InlineData("2.5", "expected an integer, got 2.5")]
    [InlineData("\"abc\"", "expected an integer, got 'abc'")]
    [InlineData("\"0x10\"", "expected an integer, got '0x10'")]
    [InlineData("\" 5\"", "expected an integer, got ' 5'")]
    [InlineData("true", "expected an integer, got true")]
    [InlineData("99999999999999999999", "expected an integer, got 99999999999999999999")]
    [InlineData("[1]", "expected an integer, got a list")]
    public void Validate_Int_RefusesWhatIsNotSafelyAnInteger(string json, string why) =>
        Assert.Equal([$"Parameter 'v' validation failed: {why}"], Validate(ParamType.Int, json).Errors);

    [Theory]
    [InlineData("2.5", "2.5")]
    [InlineData("250", "250")]
    [InlineData("\"1e3\"", "1000")]
    public void Validate_Number_AcceptsNumbers(string json, string expected) =>
        Assert.Equal(expected, Validate(ParamType.Number, json).Values["v"]!.ToJsonString());

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"1,5\"")]
    [InlineData("{}")]
    public void Validate_Number_RefusesNonNumbers(string json) =>
        Assert.StartsWith("Parameter 'v' validation failed: expected a number", Validate(ParamType.Number, json).Errors.Single(), StringComparison.Ordinal);

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    public void Validate_Bool_AcceptsBoolsAndTheirText(string json, bool expected) =>
        Assert.Equal(expected, Validate(ParamType.Bool, json).Values["v"]!.GetValue<bool>());

    [Theory]
    [InlineData("1")]
    [InlineData("\"yes\"")]
    [InlineData("\"True\"")]
    public void Validate_Bool_RefusesOtherValues(string json) =>
        Assert.StartsWith("Parameter 'v' validation failed: expected true or false", Validate(ParamType.Bool, json).Errors.Single(), StringComparison.Ordinal);

    [Fact]
    public void Validate_String_RefusesNumbers() =>
        Assert.Equal(["Parameter 'v' validation failed: expected a string, got 1234"], Validate(ParamType.String, "1234").Errors);

    [Theory]
    [InlineData("\"user@example.com\"", true)]
    [InlineData("\"a.b+c@sub.example.org\"", true)]
    [InlineData("\"user@example\"", false)]
    [InlineData("\"user example.com\"", false)]
    [InlineData("\"@example.com\"", false)]
    public void Validate_Email_ChecksFormat(string json, bool valid)
    {
        var result = Validate(ParamType.Email, json);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(["Parameter 'v' validation failed: Invalid email format"], result.Errors);
        }
    }

    [Theory]
    [InlineData("\"2024-01-31\"", true)]
    [InlineData("\"2024-02-30\"", false)]
    [InlineData("\"31/01/2024\"", false)]
    [InlineData("\"2024-01-31T10:00:00Z\"", false)]
    public void Validate_Date_IsoDateOnly(string json, bool valid) =>
        Assert.Equal(valid, Validate(ParamType.Date, json).IsValid);

    [Theory]
    [InlineData("\"2024-01-31T09:30:00Z\"", true)]
    [InlineData("\"2024-01-31T09:30:00.123+02:00\"", true)]
    [InlineData("\"2024-01-31 09:30\"", true)]
    [InlineData("\"2024-13-31T09:30:00Z\"", false)]
    [InlineData("\"yesterday\"", false)]
    [InlineData("\"2024-01-31\"", false)]
    public void Validate_DateTime_Iso8601(string json, bool valid) =>
        Assert.Equal(valid, Validate(ParamType.DateTime, json).IsValid);

    [Fact]
    public void Validate_Select_MustBeAnOption()
    {
        var result = ParamValidator.Validate([Param("scope", ParamType.Select, options: ["all", "active"])], new JsonObject { ["scope"] = "some" });

        Assert.Equal(["Parameter 'scope' validation failed: 'some' is not one of: all, active"], result.Errors);
    }

    [Fact]
    public void Validate_SelectWithDataProvider_AcceptsAnyString()
    {
        var param = new ParamDefinition("dept", ParamType.Select, null, true, null, null, null, "get_departments", null);

        Assert.True(ParamValidator.Validate([param], new JsonObject { ["dept"] = "sales" }).IsValid);
    }

    [Fact]
    public void Validate_Pattern_Checked()
    {
        var param = new ParamDefinition("code", ParamType.String, null, true, null, "^[A-Z]{3}$", null, null, null);

        var result = ParamValidator.Validate([param], new JsonObject { ["code"] = "abcd" });

        Assert.Equal(["Parameter 'code' validation failed: does not match pattern '^[A-Z]{3}$'"], result.Errors);
    }

    [Fact]
    public void Validate_CatastrophicPattern_TimesOutWithAMessage()
    {
        var param = new ParamDefinition("s", ParamType.String, null, true, null, "^(a+)+$", null, null, null);

        var result = ParamValidator.Validate([param], new JsonObject { ["s"] = new string('a', 40) + "!" });

        Assert.Equal(["Parameter 's' validation failed: pattern '^(a+)+$' took too long to match"], result.Errors);
    }

    [Theory]
    [InlineData(ParamType.Array, "[1, 2]", true)]
    [InlineData(ParamType.Array, "{}", false)]
    [InlineData(ParamType.Object, "{\"a\": 1}", true)]
    [InlineData(ParamType.Object, "[]", false)]
    [InlineData(ParamType.Json, "\"anything\"", true)]
    [InlineData(ParamType.Json, "{\"a\": [1]}", true)]
    public void Validate_Structured_ChecksKind(ParamType type, string json, bool valid) =>
        Assert.Equal(valid, Validate(type, json).IsValid);

    [Fact]
    public void Validate_Values_AreFreshTrees()
    {
        var input = new JsonObject { ["v"] = new JsonArray(1, 2) };

        var result = ParamValidator.Validate([Param("v", ParamType.Array)], input);

        Assert.NotSame(input["v"], result.Values["v"]);
        Assert.Null(result.Values["v"]!.Parent?.Parent);
    }

    private static ParamValidationResult Validate(ParamType type, string json) =>
        ParamValidator.Validate([Param("v", type)], new JsonObject { ["v"] = JsonNode.Parse(json) });

    private static ParamDefinition Param(
        string name,
        ParamType type = ParamType.String,
        bool required = false,
        IReadOnlyList<string>? options = null,
        JsonNode? defaultValue = null) =>
        new(name, type, null, required, defaultValue, null, options, null, null);
}
