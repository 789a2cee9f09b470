using System.Text.RegularExpressions;
using Stepwise.Core.Query;
using Stepwise.Core.Query.Schema;

namespace Stepwise.Core.Tests.Query;

/// <summary>docs/query.md is a test: its error table and its field tables say what the code does.</summary>
public partial class QueryDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "query.md"));

    public static TheoryData<string, string, string, int> ErrorRows()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (Match row in ErrorRow().Matches(Doc))
        {
            data.Add(row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value, int.Parse(row.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Fact]
    public void ErrorTable_NamesEveryFrontEndType()
    {
        var types = ErrorRows().Select(row => (string)row[0]).Distinct().Order().ToList();
        Assert.Equal(["CompilerError", "LexerError", "ParserError", "SemanticError"], types);
    }

    [Theory]
    [MemberData(nameof(ErrorRows))]
    public void ErrorTable_EachRow_IsWhatTheQueryAnswers(string type, string query, string message, int position)
    {
        QueryLanguage.Analyze(query, DateTimeOffset.UnixEpoch, out var error);

        Assert.NotNull(error);
        Assert.Equal((type, message, position), (error.Type.ToString(), error.Message, error.Position));
    }

    [Fact]
    public void FieldTables_ListEveryFieldOfEveryEntityWithItsType()
    {
        foreach (var entity in QueryEntities.All)
        {
            var section = Doc[Doc.IndexOf($"### `{entity.Name}`", StringComparison.Ordinal)..];
            foreach (var field in entity.Fields)
            {
                Assert.Contains($"| `{field.Name}` | {field.TypeName} | {field.Description} |", section, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"^\| (\w+Error) \| `([^`]+)` \| `(.+)` \| (\d+) \|$", RegexOptions.Multiline)]
    private static partial Regex ErrorRow();
}
