using System.Text;
using System.Text.RegularExpressions;

namespace Stepwise.Testing;

/// <summary>
/// A message the docs quote, as a test checks it against the program: <see cref="Quote"/> fails unless the file
/// still says exactly that (so a changed doc updates its test), and <see cref="Matches"/> holds when a real message
/// has the quote's shape. In a quote, a single-quoted value (<c>'x'</c>) stands for any quoted value, <c>...</c>
/// for any text, and a number of milliseconds (<c>200ms</c>) for any number of them; backticks are markup; everything
/// else must be equal.
/// </summary>
public sealed class DocClaim
{
    private readonly Regex _shape;
    private readonly Regex _within;

    private DocClaim(string file, string text)
    {
        File = file;
        Text = text;
        var pattern = Pattern(text.Replace("`", string.Empty, StringComparison.Ordinal));
        _shape = new Regex("^" + pattern + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _within = new Regex(pattern.Replace(".*", "[^\\n]*", StringComparison.Ordinal), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The file under the repository root, such as <c>docs/api.md</c>.</summary>
    public string File { get; }

    public string Text { get; }

    public static DocClaim Quote(string file, string text)
    {
        var content = System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        return content.Contains(text, StringComparison.Ordinal)
            ? new DocClaim(file, text)
            : throw new InvalidOperationException(
                $"{file} no longer says `{text}`: update the claim in this test to what the doc says now, and check it again.");
    }

    /// <summary>The whole of <paramref name="real"/> has the quote's shape.</summary>
    public bool Matches(string real) => _shape.IsMatch(real);

    /// <summary>Some line of <paramref name="output"/> holds text of the quote's shape (a doc quoting part of a line).</summary>
    public bool OccursIn(string output) => _within.IsMatch(output);

    /// <summary>What a failed check says: the doc's words and the program's.</summary>
    public string Mismatch(string real) => $"{File} says `{Text}`, but the program says `{real}`.";

    private static string Pattern(string text)
    {
        var pattern = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("..."))
            {
                pattern.Append(".*");
                i += 3;
            }
            else if (text[i] == '\'' && text.IndexOf('\'', i + 1) is var end and > 0 && !text[(i + 1)..end].Contains(' ', StringComparison.Ordinal))
            {
                pattern.Append("'[^']*'");
                i = end + 1;
            }
            else if (char.IsAsciiDigit(text[i]) && Regex.Match(text[i..], @"^\d+ms") is { Success: true } duration)
            {
                pattern.Append(@"\d+ms");
                i += duration.Length;
            }
            else
            {
                pattern.Append(Regex.Escape(text[i].ToString()));
                i++;
            }
        }

        return pattern.ToString();
    }
}
