using System.Text;

namespace Stepwise.Cli.Commands;

/// <summary>
/// Reads a new password: the first line of standard input with <c>--password-stdin</c>, else typed twice at a
/// prompt without echo. Never from an argument, which would land in shell history and process listings.
/// </summary>
internal static class PasswordInput
{
    public static async Task<(string? Password, string? Error)> ReadAsync(bool fromStdin, CancellationToken cancellationToken)
    {
        if (fromStdin)
        {
            var line = await Console.In.ReadLineAsync(cancellationToken);
            return string.IsNullOrEmpty(line) ? (null, "--password-stdin: standard input held no password") : (line, null);
        }

        if (Console.IsInputRedirected)
        {
            return (null, "no terminal to prompt for the password on; pipe it in with --password-stdin");
        }

        var first = Prompt("Password: ");
        var second = Prompt("Repeat password: ");
        return first == second ? (first, null) : (null, "the two passwords differ");
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
