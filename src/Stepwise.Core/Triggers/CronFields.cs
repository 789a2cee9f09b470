using System.Globalization;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Checks a cron expression field by field before Cronos sees it, so every mistake names its field, and turns it into
/// the Cronos expressions that implement it. Cronos alone reinterprets some mistakes (or ANDs the two day fields);
/// here <c>*/0</c>, reversed ranges (<c>50-10</c>) and out-of-range values are refused, <c>7</c> is Sunday, the
/// <c>@yearly @annually @monthly @weekly @daily @midnight @hourly</c> macros expand to their five fields, and when
/// both day fields are restricted a day matches either of them (standard cron).
/// </summary>
internal sealed record CronFields(IReadOnlyList<string> Expressions, bool HasSeconds, bool IsInterval)
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly Field Second = new("second", 0, 59, null, 0);
    private static readonly Field Minute = new("minute", 0, 59, null, 0);
    private static readonly Field Hour = new("hour", 0, 23, null, 0);
    private static readonly Field DayOfMonth = new("day-of-month", 1, 31, null, 1);
    private static readonly Field Month = new("month", 1, 12, MonthNames, 1);
    private static readonly Field DayOfWeek = new("day-of-week", 0, 7, DayNames, 0);

    /// <summary>Checks and expands an expression; returns null and the problem when it is not valid cron.</summary>
    public static CronFields? TryParse(string expression, out string? error)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "cron must not be empty; use 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or a macro like @daily";
            return null;
        }

        var text = expression.Trim();
        if (text.StartsWith('@'))
        {
            if (!Macros.TryGetValue(text, out var expanded))
            {
                error = $"unknown cron macro '{text}'; use one of {string.Join(", ", Macros.Keys)}";
                return null;
            }

            text = expanded;
        }

        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            error = $"cron must have 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, got {fields.Length} in '{expression}'";
            return null;
        }

        Field[] kinds = fields.Length == 6
            ? [Second, Minute, Hour, DayOfMonth, Month, DayOfWeek]
            : [Minute, Hour, DayOfMonth, Month, DayOfWeek];
        var normalized = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var problem = kinds[i].Normalize(fields[i], out normalized[i]);
            if (problem is not null)
            {
                error = $"invalid cron '{expression}': {kinds[i].Name} field '{fields[i]}': {problem}";
                return null;
            }
        }

        var hasSeconds = fields.Length == 6;
        var timeFields = normalized[..(hasSeconds ? 3 : 2)];
        var isInterval = timeFields.Any(field => field.Split(',').Any(part => part.StartsWith('*')));
        var dom = hasSeconds ? 3 : 2;
        var dow = dom + 2;
        var domRestricted = !normalized[dom].StartsWith('*');
        var dowRestricted = !normalized[dow].StartsWith('*');
        var expressions = new List<string>();
        if (domRestricted && dowRestricted)
        {
            // Standard cron: with both day fields restricted, a day matches when either field does.
            var byDayOfMonth = (string[])normalized.Clone();
            byDayOfMonth[dow] = "*";
            var byDayOfWeek = (string[])normalized.Clone();
            byDayOfWeek[dom] = "*";
            expressions.Add(string.Join(' ', byDayOfMonth));
            expressions.Add(string.Join(' ', byDayOfWeek));
        }
        else
        {
            expressions.Add(string.Join(' ', normalized));
        }

        error = null;
        return new CronFields(expressions, hasSeconds, isInterval);
    }

    /// <summary>One field's rules: its name in messages, its range and its names (months, weekdays).</summary>
    private sealed record Field(string Name, int Min, int Max, string[]? Names, int NameBase)
    {
        /// <summary>Checks each comma-separated part; writes the field with numbers for names.</summary>
        public string? Normalize(string field, out string normalized)
        {
            normalized = field;
            var parts = field.Split(',');
            var written = new List<string>(parts.Length);
            foreach (var part in parts)
            {
                if (part.Length == 0)
                {
                    return "an empty item in a list (two commas, or a comma at an end)";
                }

                var problem = NormalizePart(part, out var item);
                if (problem is not null)
                {
                    return problem;
                }

                written.Add(item);
            }

            normalized = string.Join(',', written);
            return null;
        }

        private string? NormalizePart(string part, out string normalized)
        {
            normalized = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? part : part[..slash];
            string? stepText = null;
            if (slash >= 0)
            {
                stepText = part[(slash + 1)..];
                if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
                {
                    return $"the step '{stepText}' must be a whole number";
                }

                if (step < 1 || step > Max)
                {
                    return $"the step {step} is out of range; use 1-{Max} (*/0 never fires)";
                }

                stepText = step.ToString(CultureInfo.InvariantCulture);
            }

            if (range is "*" or "?")
            {
                if (range == "?" && Max is not (31 or 7))
                {
                    return "'?' is allowed only in the day-of-month and day-of-week fields";
                }

                normalized = stepText is null ? "*" : $"*/{stepText}";
                return null;
            }

            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var lowText = dash < 0 ? range : range[..dash];
            var problem = Value(lowText, out var low);
            if (problem is not null)
            {
                return problem;
            }

            var high = low;
            if (dash >= 0)
            {
                problem = Value(range[(dash + 1)..], out high);
                if (problem is not null)
                {
                    return problem;
                }

                if (high < low)
                {
                    return $"the range {range} is reversed; write it low-high (for a range across the end, list two: {lowText}-{Max},{Min}-{range[(dash + 1)..]})";
                }
            }

            // 'a/n' means a-max/n, as in Vixie cron.
            var text = dash >= 0 || stepText is not null
                ? $"{low.ToString(CultureInfo.InvariantCulture)}-{(dash >= 0 ? high : Max).ToString(CultureInfo.InvariantCulture)}"
                : low.ToString(CultureInfo.InvariantCulture);
            normalized = stepText is null ? text : $"{text}/{stepText}";
            return null;
        }

        private string? Value(string text, out int value)
        {
            if (Names is not null)
            {
                var index = Array.FindIndex(Names, name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    value = index + NameBase;
                    return null;
                }
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                var names = Names is null ? string.Empty : $" or a name ({string.Join(' ', Names)})";
                var hint = text.Length > 0 && text.IndexOfAny(['L', 'W', '#', 'l', 'w']) >= 0 ? "; L, W and # are not supported" : string.Empty;
                return $"'{text}' is not a number{names}{hint}";
            }

            if (value < Min || value > Max)
            {
                var sunday = Max == 7 ? " (0 and 7 are Sunday)" : string.Empty;
                return $"{value} is out of range {Min}-{Max}{sunday}";
            }

            return null;
        }
    }
}
