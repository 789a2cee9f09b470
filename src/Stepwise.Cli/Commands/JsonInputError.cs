using System.Text.Json;

namespace Stepwise.Cli.Commands;

/// <summary>
/// A JSON syntax error in human terms: <c>line 1, column 9: 'x' is an invalid start of a value.</c> rather than
/// System.Text.Json's <c>LineNumber: 0 | BytePositionInLine: 8</c> (zero-based, in bytes).
/// </summary>
internal static class JsonInputError
{
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix < 0)
        {
            suffix = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        var reason = (suffix >= 0 ? message[..suffix] : message).Trim();
        return exception.LineNumber is { } line
            ? $"line {line + 1}, column {(exception.BytePositionInLine ?? 0) + 1}: {reason}"
            : reason;
    }
}
