using System.Text.RegularExpressions;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Expressions.Functions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class DocumentationTests
{
    [Fact]
    public void ExpressionsDoc_DescribesEveryFunction()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "expressions.md"));

        Assert.All(FunctionLibrary.All, function => Assert.Contains($"#### {function.Name}\n", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void ExpressionsDoc_ExamplesGiveTheValuesShown()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "expressions.md"));
        var examples = Regex.Matches(doc, "`([^`]+)` → `([^`]+)`");

        Assert.True(examples.Count > 40, $"only {examples.Count} examples found");
        Assert.All(examples, example =>
        {
            var expression = example.Groups[1].Value;
            var actual = Eval(expression);
            var expected = Eval(example.Groups[2].Value);
            Assert.True(JsonValues.AreEqual(expected, actual), $"{expression} gave {actual?.ToJsonString() ?? "null"}, the doc says {example.Groups[2].Value}");
        });
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stepwise.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Stepwise.slnx above {AppContext.BaseDirectory}");
    }
}
