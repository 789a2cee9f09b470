namespace Stepwise.Core.Expressions.Templates;

/// <summary>Finds the <c>${{ ... }}</c> parts of a string, skipping braces and quotes inside the expressions.</summary>
internal static class TemplateScanner
{
    public const string Open = "${{";
    public const string Close = "}}";

    public static bool ContainsExpression(string text) => text.Contains(Open, StringComparison.Ordinal);

    /// <summary>Splits <paramref name="text"/>; false with an error when an expression is not closed.</summary>
    public static bool TrySplit(string text, List<TemplateSegment> segments, out ExpressionError error)
    {
        var position = 0;
        while (position <= text.Length)
        {
            var start = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (start < 0)
            {
                AddText(segments, text, position, text.Length);
                break;
            }

            AddText(segments, text, position, start);
            var inner = start + Open.Length;
            var end = FindClose(text, inner);
            if (end < 0)
            {
                error = new ExpressionError("unterminated expression: missing '}}'", start, text.Length - start);
                return false;
            }

            segments.Add(new TemplateSegment(text[inner..end], IsExpression: true, inner));
            position = end + Close.Length;
        }

        error = default;
        return true;
    }

    /// <summary>
    /// The <c>}}</c> that ends the expression: outside strings and not closing an object literal
    /// (<c>${{ {a: {b: 1}} }}</c>). When quotes or braces do not balance, the first <c>}}</c> is taken and the
    /// parser reports what is wrong inside.
    /// </summary>
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case '}' when i + 1 < text.Length && text[i + 1] == '}':
                    return i;
            }
        }

        return text.IndexOf(Close, from, StringComparison.Ordinal);
    }

    private static void AddText(List<TemplateSegment> segments, string text, int start, int end)
    {
        if (end > start)
        {
            segments.Add(new TemplateSegment(text[start..end], IsExpression: false, start));
        }
    }
}
