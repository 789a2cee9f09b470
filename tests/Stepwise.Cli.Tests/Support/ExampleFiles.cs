using System.Text.RegularExpressions;

namespace Stepwise.Cli.Tests.Support;

/// <summary>The repository's example workflows, as paths relative to the repository root (the CLI's working folder).</summary>
internal static partial class ExampleFiles
{
    public static TheoryData<string> Valid() => Relative(RepoPaths.Examples);

    public static TheoryData<string> Invalid() => Relative(RepoPaths.InvalidExamples);

    /// <summary>The message an invalid example promises in its <c># expect: ...</c> comment.</summary>
    public static string ExpectedMessage(string relativePath)
    {
        var match = File.ReadLines(Path.Combine(RepoPaths.Root, relativePath))
            .Select(line => ExpectComment().Match(line))
            .FirstOrDefault(m => m.Success);
        return match?.Groups["message"].Value.Trim()
            ?? throw new InvalidOperationException($"{relativePath} has no '# expect:' comment.");
    }

    private static TheoryData<string> Relative(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [GeneratedRegex(@"^#\s*expect:\s*(?<message>.+)$")]
    private static partial Regex ExpectComment();
}
