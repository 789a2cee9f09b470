namespace Stepwise.Cli.Commands;

/// <summary>Plain aligned columns for listings: readable on a terminal, and stable for scripts that use text.</summary>
internal static class ServerTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        if (all.Count == 1)
        {
            writer.WriteLine("(none)");
            return;
        }

        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                widths[i] = Math.Max(widths[i], Cell(row, i).Length);
            }
        }

        foreach (var row in all)
        {
            var cells = Enumerable.Range(0, headers.Count)
                .Select(i => i == headers.Count - 1 ? Cell(row, i) : Cell(row, i).PadRight(widths[i]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z" : "-";

    private static string Cell(IReadOnlyList<string> row, int index) =>
        index < row.Count ? row[index].ReplaceLineEndings(" ") : string.Empty;
}
