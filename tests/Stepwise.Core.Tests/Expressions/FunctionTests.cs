using Stepwise.Core.Expressions;
using Stepwise.Core.Expressions.Functions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class FunctionTests
{
    private static readonly EvaluationScope Data = Scope(
        """{"items": [3, 1, 2], "mixed": [1, 2.5], "words": ["a", "b"], "obj": {"x": 1, "y": "two"}, "rows": [{"v": 1}, {"v": 4}], "nested": [[1], [2, 3], 4]}""");

    [Theory]
    [InlineData("len('héllo')", "5")]
    [InlineData("len(params.items)", "3")]
    [InlineData("len(params.obj)", "2")]
    [InlineData("len(null)", "0")]
    [InlineData("upper('abc')", "\"ABC\"")]
    [InlineData("lower('ÀBC')", "\"àbc\"")]
    [InlineData("trim('  a b  ')", "\"a b\"")]
    [InlineData("contains('hello', 'ell')", "true")]
    [InlineData("contains('hello', 'L')", "false")]
    [InlineData("contains(params.items, 2)", "true")]
    [InlineData("contains(params.items, 2.0)", "true")]
    [InlineData("contains(params.items, 9)", "false")]
    [InlineData("contains(params.obj, 'y')", "true")]
    [InlineData("starts_with('hello', 'he')", "true")]
    [InlineData("ends_with('hello', 'lo')", "true")]
    [InlineData("ends_with('hello', 'he')", "false")]
    [InlineData("split('a,b,,c', ',')", "[\"a\",\"b\",\"\",\"c\"]")]
    [InlineData("split('abc', '')", "[\"a\",\"b\",\"c\"]")]
    [InlineData("join(params.words, '-')", "\"a-b\"")]
    [InlineData("join(params.mixed, ', ')", "\"1, 2.5\"")]
    [InlineData("join(params.words)", "\"ab\"")]
    [InlineData("replace('a-b-c', '-', '+')", "\"a+b+c\"")]
    [InlineData("substring('hello', 1, 3)", "\"ell\"")]
    [InlineData("substring('hello', 2)", "\"llo\"")]
    [InlineData("substring('hello', 3, 99)", "\"lo\"")]
    [InlineData("substring('hello', 5)", "\"\"")]
    [InlineData("regex_match('abc123', '^[a-z]+\\\\d+$')", "true")]
    [InlineData("regex_match('abc', '^\\\\d+$')", "false")]
    public void Strings_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Theory]
    [InlineData("to_string(1.5)", "\"1.5\"")]
    [InlineData("to_string(null)", "\"\"")]
    [InlineData("to_string(true)", "\"true\"")]
    [InlineData("to_string(params.obj)", "\"{\\\"x\\\":1,\\\"y\\\":\\\"two\\\"}\"")]
    [InlineData("to_int('42')", "42")]
    [InlineData("to_int(' -7 ')", "-7")]
    [InlineData("to_int('3.9')", "3")]
    [InlineData("to_int(3.9)", "3")]
    [InlineData("to_int(-3.9)", "-3")]
    [InlineData("to_int(true)", "1")]
    [InlineData("to_number('2.5')", "2.5")]
    [InlineData("to_number(2)", "2")]
    [InlineData("to_number('1e3')", "1000")]
    [InlineData("to_bool('true')", "true")]
    [InlineData("to_bool('No')", "false")]
    [InlineData("to_bool(0)", "false")]
    [InlineData("to_bool(2.5)", "true")]
    [InlineData("to_bool(null)", "false")]
    [InlineData("json_parse('{\"a\": [1, 2.5]}').a[1]", "2.5")]
    [InlineData("json_parse('null')", "null")]
    [InlineData("json_string({a: [1, 'é', null]})", "\"{\\\"a\\\":[1,\\\"é\\\",null]}\"")]
    [InlineData("json_string(null)", "\"null\"")]
    public void Conversions_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Fact]
    public void Conversions_ToIntFromString_IsAnInt()
    {
        Assert.True(Eval("to_int('42')", Data)!.AsValue().TryGetValue<long>(out _));
        Assert.True(Eval("to_number(2)", Data)!.AsValue().TryGetValue<double>(out _));
    }

    [Theory]
    [InlineData("now()", "\"2025-03-04T05:06:07.890Z\"")]
    [InlineData("format_date('2024-02-29T13:45:00Z', 'yyyy/MM/dd HH:mm')", "\"2024/02/29 13:45\"")]
    [InlineData("format_date('2024-02-29T13:45:00+02:00', 'HH:mm')", "\"11:45\"")]
    [InlineData("format_date(0, 'yyyy-MM-dd')", "\"1970-01-01\"")]
    [InlineData("format_date(now(), 'dddd')", "\"Tuesday\"")]
    [InlineData("parse_date('2024-02-29 13:45')", "\"2024-02-29T13:45:00.000Z\"")]
    [InlineData("parse_date('29.02.2024', 'dd.MM.yyyy')", "\"2024-02-29T00:00:00.000Z\"")]
    [InlineData("parse_date('2024-02-29T13:45:00-01:00')", "\"2024-02-29T14:45:00.000Z\"")]
    public void Dates_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Theory]
    [InlineData("coalesce(null, params.none, 2, 3)", "2")]
    [InlineData("coalesce(null)", "null")]
    [InlineData("keys(params.obj)", "[\"x\",\"y\"]")]
    [InlineData("values(params.obj)", "[1,\"two\"]")]
    [InlineData("range(3)", "[0,1,2]")]
    [InlineData("range(2, 5)", "[2,3,4]")]
    [InlineData("range(5, 2)", "[]")]
    [InlineData("len(range(0, 40))", "40")]
    [InlineData("chunk(params.items, 2)", "[[3,1],[2]]")]
    [InlineData("chunk([], 2)", "[]")]
    [InlineData("map(params.rows, r => r.v * 2)", "[2,8]")]
    [InlineData("map(params.items, (x, i) => i)", "[0,1,2]")]
    [InlineData("map(params.rows, r => r)", "[{\"v\":1},{\"v\":4}]")]
    [InlineData("filter(params.items, x => x > 1)", "[3,2]")]
    [InlineData("filter(params.rows, (r, i) => i == 1)", "[{\"v\":4}]")]
    [InlineData("find(params.rows, r => r.v > 1)", "{\"v\":4}")]
    [InlineData("find(params.items, x => x > 10)", "null")]
    [InlineData("any(params.items, x => x == 2)", "true")]
    [InlineData("all(params.items, x => x > 1)", "false")]
    [InlineData("all([], x => false)", "true")]
    [InlineData("first(params.items)", "3")]
    [InlineData("last(params.items)", "2")]
    [InlineData("first([])", "null")]
    [InlineData("reverse(params.items)", "[2,1,3]")]
    [InlineData("distinct([1, 2, 1.0, 'a', 'a'])", "[1,2,\"a\"]")]
    [InlineData("flatten(params.nested)", "[1,2,3,4]")]
    public void Collections_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Theory]
    [InlineData("sum(params.items)", "6")]
    [InlineData("sum(params.mixed)", "3.5")]
    [InlineData("sum([])", "0")]
    [InlineData("min(params.items)", "1")]
    [InlineData("max(params.items)", "3")]
    [InlineData("max(params.mixed)", "2.5")]
    [InlineData("min(4, 2.5, 3)", "2.5")]
    [InlineData("max([])", "null")]
    [InlineData("avg(params.items)", "2")]
    [InlineData("avg([])", "null")]
    [InlineData("round(2.5)", "3")]
    [InlineData("round(-2.5)", "-3")]
    [InlineData("round(2.345, 2)", "2.35")]
    [InlineData("round(7)", "7")]
    [InlineData("floor(2.7)", "2")]
    [InlineData("floor(-2.2)", "-3")]
    [InlineData("ceil(2.1)", "3")]
    [InlineData("abs(-3)", "3")]
    [InlineData("abs(-2.5)", "2.5")]
    public void Numbers_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Theory]
    [InlineData("base64_encode('héllo')", "\"aMOpbGxv\"")]
    [InlineData("base64_decode('aMOpbGxv')", "\"héllo\"")]
    [InlineData("sha256('abc')", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")]
    public void Encodings_Work(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Fact]
    public void Uuid_IsAFreshV4EachTime()
    {
        var first = (string)Eval("uuid()", Data)!;
        var second = (string)Eval("uuid()", Data)!;

        Assert.True(Guid.TryParse(first, out var guid));
        Assert.Equal(4, guid.Version);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("len(5)", "len: argument 1 must be string, array or object, got 'int'")]
    [InlineData("upper(1)", "upper: argument 1 must be string, got 'int'")]
    [InlineData("to_int('abc')", "to_int: cannot convert 'abc' to int")]
    [InlineData("to_int(null)", "to_int: cannot convert a value of type 'null' to int")]
    [InlineData("to_number('x')", "to_number: cannot convert 'x' to number")]
    [InlineData("to_bool('maybe')", "to_bool: cannot convert 'maybe' to bool")]
    [InlineData("json_parse('{')", "json_parse: invalid JSON:")]
    [InlineData("format_date('yesterday', 'yyyy')", "format_date: 'yesterday' is not a date")]
    [InlineData("parse_date('2024', 'dd.MM.yyyy')", "parse_date: '2024' does not match the format 'dd.MM.yyyy'")]

    // Found by the fuzzer (issue 21): a format that is no format at all threw out of the evaluator.
    [InlineData("parse_date('2024', '%')", "parse_date: invalid date format '%'")]
    [InlineData("format_date(0, '%')", "format_date: invalid date format '%'")]
    [InlineData("json_parse('\\ud800')", "json_parse: invalid JSON: the text holds invalid Unicode (a lone surrogate)")]
    [InlineData("replace('a', '', 'b')", "replace: the text to replace (argument 2) is empty")]
    [InlineData("substring('abc', 4)", "substring: start 4 out of range (length 3)")]
    [InlineData("substring('abc', 1, -1)", "substring: length -1 is negative")]
    [InlineData("chunk(params.items, 0)", "chunk: size must be at least 1, got 0")]
    [InlineData("sum(['a'])", "sum: every item must be a number, got 'string'")]
    [InlineData("avg([1, null])", "avg: every item must be a number, got 'null'")]
    [InlineData("max(1, 'a')", "max: every item must be a number, got 'string'")]
    [InlineData("map(params.obj, x => x)", "map: cannot iterate over non-array value of type 'object'")]
    [InlineData("filter(params.items, x => x)", "filter: the lambda must return bool, got 'int'")]
    [InlineData("round(1.5, 20)", "round: digits must be between 0 and 15, got 20")]
    [InlineData("floor(1e300)", "floor: 1E+300 is too large for an int")]
    [InlineData("base64_decode('%%%')", "base64_decode: the text is not valid base64")]
    [InlineData("base64_decode('/w==')", "base64_decode: the decoded bytes are not UTF-8 text")]
    [InlineData("regex_match('a', params.items[0] + '(')", "regex_match: invalid regular expression:")]
    [InlineData("keys(1)", "keys: argument 1 must be object, got 'int'")]
    [InlineData("range(0, 2000000)", "range: the expression creates too many items (limit 1000000)")]
    [InlineData("map(range(100000), x => range(100000))", "range: the expression creates too many items (limit 1000000)")]
    public void Functions_BadArguments_FailAsValues(string source, string messageStart)
    {
        Assert.StartsWith(messageStart, EvalError(source, Data), StringComparison.Ordinal);
    }

    [Fact]
    public void RegexMatch_CatastrophicPattern_TimesOut()
    {
        var input = new string('a', 40) + "!";

        var error = EvalError($"regex_match('{input}', '^(a+)+$')", Data);

        Assert.StartsWith("regex_match: the pattern took longer than 250 ms", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_HasEveryRequiredFunction()
    {
        string[] required =
        [
            "len", "upper", "lower", "trim", "contains", "starts_with", "ends_with", "split", "join", "replace",
            "substring", "to_string", "to_int", "to_number", "to_bool", "json_parse", "json_string", "now",
            "format_date", "parse_date", "coalesce", "keys", "values", "range", "chunk", "map", "filter", "sum", "min",
            "max", "avg", "round", "floor", "ceil", "abs", "uuid", "regex_match", "base64_encode", "base64_decode",
            "sha256",
        ];

        Assert.All(required, name => Assert.True(FunctionLibrary.TryGet(name, out _), name));
    }
}
