using System.Globalization;
using System.Text;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// The pieces of the Prometheus text exposition format 0.0.4: metric and label names restricted to
/// <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label values with <c>\</c>, <c>"</c> and newlines escaped, numbers in Go's
/// float syntax (<c>+Inf</c>, <c>NaN</c>).
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string MetricName(string name) => Sanitize(name, allowColon: true);

    public static string LabelName(string name)
    {
        var sanitized = Sanitize(name, allowColon: false);
        return sanitized.StartsWith("__", StringComparison.Ordinal) ? "x" + sanitized : sanitized;
    }

    /// <summary><c>a="1",b="x"</c>, sorted by name; empty when there are no tags.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add((LabelName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        return builder.ToString();
    }

    public static string WithLabel(string labels, string name, string value) =>
        labels.Length == 0 ? $"{name}=\"{value}\"" : $"{labels},{name}=\"{value}\"";

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
