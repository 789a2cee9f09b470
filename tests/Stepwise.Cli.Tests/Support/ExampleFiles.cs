using System.Text.RegularExpressions;

namespace Stepwise.Cli.Tests.Support;

/// <summary>The repository's example workflows, as paths relative to the repository root (the CLI's working folder).</summary>
internal static partial class ExampleFiles
{
    public static TheoryData<string> Valid() => AsTheoryData(ValidPaths());

    public static TheoryData<string> Invalid() => AsTheoryData(InvalidPaths());

    public static IReadOnlyList<string> ValidPaths() => Relative(RepoPaths.Examples);

    public static IReadOnlyList<string> InvalidPaths() => Relative(RepoPaths.InvalidExamples);

    /// <summary>The message an invalid example promises in its <c># expect: ...</c> comment.</summary>
    public static string ExpectedMessage(string relativePath)
    {
        var match = File.ReadLines(Path.Combine(RepoPaths.Root, relativePath))
            .Select(line => ExpectComment().Match(line))
            .FirstOrDefault(m => m.Success);
        return match?.Groups["message"].Value.Trim()
            ?? throw new InvalidOperationException($"{relativePath} has no '# expect:' comment.");
    }

    private static string[] Relative(string folder) =>
    [
        .. Directory.GetFiles(folder, "*.yaml")
            .Select(file => Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    private static TheoryData<string> AsTheoryData(IEnumerable<string> paths)
    {
        var data = new TheoryData<string>();
        foreach (var path in paths)
        {
            data.Add(path);
        }

        return data;
    }

    [GeneratedRegex(@"^#\s*expect:\s*(?<message>.+)$")]
    private static partial Regex ExpectComment();
}
