using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>
/// Where each value of a parsed document came from. Values are found by reference, so the map stays valid after
/// they are detached from their parents and handed to the model; null values have no node of their own and are
/// found through the key or list slot that holds them.
/// </summary>
internal sealed class SourceMap
{
    private readonly string _text;
    private readonly int[] _lineStarts;
    private readonly Dictionary<JsonNode, ValueSpan> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonNode, Dictionary<string, int>> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonNode, List<int>> _items = new(ReferenceEqualityComparer.Instance);

    public SourceMap(string text, string? file)
    {
        _text = text;
        File = file;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string? File { get; }

    /// <summary>
    /// Where a value is in the text. For strings, <c>ContentStart..End</c> is the raw content between any quotes
    /// (escapes included, End exclusive).
    /// </summary>
    internal readonly record struct ValueSpan(int Start, int ContentStart, int End);

    public void AddValue(JsonNode node, int start) => _values[node] = new ValueSpan(start, start, start);

    public void AddString(JsonNode node, int start, int contentStart, int end) =>
        _values[node] = new ValueSpan(start, contentStart, end);

    public void AddKey(JsonObject owner, string key, int start)
    {
        if (!_keys.TryGetValue(owner, out var keys))
        {
            keys = new Dictionary<string, int>(StringComparer.Ordinal);
            _keys[owner] = keys;
        }

        keys[key] = start;
    }

    public void AddItem(JsonArray owner, int start)
    {
        if (!_items.TryGetValue(owner, out var items))
        {
            items = [];
            _items[owner] = items;
        }

        items.Add(start);
    }

    /// <summary>Copies the positions of <paramref name="original"/> to its clone (YAML aliases point at the anchor).</summary>
    public void CopySpan(JsonNode original, JsonNode clone)
    {
        if (_values.TryGetValue(original, out var span))
        {
            _values[clone] = span;
        }
    }

    public SourceLocation At(int index)
    {
        var line = Array.BinarySearch(_lineStarts, index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourceLocation(File, line + 1, index - _lineStarts[line] + 1);
    }

    /// <summary>The whole document (for problems that have no better place).</summary>
    public SourceLocation Document => new(File, 1, 1);

    public SourceLocation? Of(JsonNode? node) =>
        node is not null && _values.TryGetValue(node, out var span) ? At(span.Start) : null;

    public SourceLocation? OfKey(JsonObject owner, string key) =>
        _keys.TryGetValue(owner, out var keys) && keys.TryGetValue(key, out var start) ? At(start) : Of(owner);

    /// <summary>The value under <paramref name="key"/>, or the key itself when the value is null or absent.</summary>
    public SourceLocation? OfValue(JsonObject owner, string key) =>
        (owner.TryGetPropertyValue(key, out var value) ? Of(value) : null) ?? OfKey(owner, key);

    public SourceLocation? OfItem(JsonArray owner, int index) =>
        _items.TryGetValue(owner, out var items) && index >= 0 && index < items.Count ? At(items[index]) : Of(owner);

    /// <summary>
    /// The position of character <paramref name="offset"/> of a string value. The value's characters are matched in
    /// order against its raw text, which skips quotes, escapes, indentation and folded line breaks alike.
    /// </summary>
    public SourceLocation? InString(JsonNode? node, int offset)
    {
        if (node is null || !_values.TryGetValue(node, out var span))
        {
            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || span.End <= span.ContentStart)
        {
            return At(span.Start);
        }

        var position = span.ContentStart;
        var limit = Math.Min(offset, text.Length);
        for (var i = 0; i < limit; i++)
        {
            var found = _text.IndexOf(text[i], position, span.End - position);
            if (found >= 0)
            {
                position = found + 1;
            }
        }

        if (limit < text.Length)
        {
            var found = _text.IndexOf(text[limit], position, span.End - position);
            if (found >= 0)
            {
                position = found;
            }
        }

        return At(Math.Min(position, span.End));
    }
}
