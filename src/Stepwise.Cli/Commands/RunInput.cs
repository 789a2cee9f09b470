using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>The params of <c>stepwise run</c>, from <c>--input JSON</c> or <c>--input-file PATH</c> (<c>-</c> for stdin).</summary>
internal static class RunInput
{
    public static bool TryRead(string? inline, string? file, out JsonObject input, out string error)
    {
        input = [];
        error = string.Empty;
        string text;
        string origin;
        if (inline is not null && file is not null)
        {
            error = "use either --input or --input-file, not both.";
            return false;
        }

        if (inline is not null)
        {
            (text, origin) = (inline, "--input");
        }
        else if (file is not null)
        {
            origin = file == "-" ? "stdin" : $"--input-file '{file}'";
            try
            {
                text = file == "-" ? Console.In.ReadToEnd() : File.ReadAllText(file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error = exception is FileNotFoundException or DirectoryNotFoundException
                    ? $"input file not found: '{file}'."
                    : $"cannot read the input file '{file}': {exception.Message}";
                return false;
            }
        }
        else
        {
            return true;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            error = $"{origin} is not valid JSON at {JsonInputError.Describe(exception)}";
            return false;
        }

        if (parsed is not JsonObject values)
        {
            var kind = parsed is null ? "null" : parsed.GetValueKind().ToString().ToLowerInvariant();
            error = $"{origin} must be a JSON object of params, like {{\"name\": \"Ada\"}}; got {kind}.";
            return false;
        }

        input = values;
        return true;
    }
}
