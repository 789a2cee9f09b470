using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>
/// Builds a JSON tree from YAML parser events, recording every value's position in a <see cref="SourceMap"/>.
/// Works on the event stream (not YamlDotNet's object model) so that depth and alias expansion are bounded while
/// reading, before anything large is built.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly string _text;
    private readonly SourceMap _map;
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private JsonNode? _root;
    private int _expanded;
    private ReadError? _error;

    private YamlTreeReader(string text, SourceMap map)
    {
        _text = text;
        _map = map;
    }

    public static bool TryRead(string text, SourceMap map, out JsonNode? root, out ReadError? error)
    {
        var reader = new YamlTreeReader(text, map);
        var ok = reader.Run();
        root = reader._root;
        error = reader._error;
        return ok;
    }

    private bool Run()
    {
        var parser = new Parser(new StringReader(_text));
        var documents = 0;
        var lastEnd = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is DocumentStart)
                {
                    documents++;
                    if (documents > 1)
                    {
                        return Fail("a workflow file holds one YAML document, but a second one starts here", (int)current.Start.Index);
                    }
                }
                else if (!Handle(current))
                {
                    return false;
                }

                lastEnd = (int)Math.Min(current.End.Index, _text.Length);
            }
        }
        catch (YamlException exception)
        {
            return Fail($"Invalid YAML: {Describe(exception)}", (int)Math.Min(exception.Start.Index, _text.Length));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unterminated flow collections instead of a YamlException.
            return Fail("Invalid YAML: the document cannot be parsed past this point (check brackets, quotes and indentation)", lastEnd);
        }
        catch (ArgumentException exception)
        {
            // And this for a tag that is not a valid URI (found by the fuzzer: '!!python/object[x'), with its reason.
            return Fail($"Invalid YAML: {exception.Message.Split(" (Parameter", 2)[0]}", lastEnd);
        }

        return true;
    }

    private bool Handle(ParsingEvent current)
    {
        switch (current)
        {
            case Scalar scalar:
                return OnScalar(scalar);
            case MappingStart mapping:
                return Open(new JsonObject(), mapping.Anchor, mapping.Tag, current.Start.Index);
            case SequenceStart sequence:
                return Open(new JsonArray(), sequence.Anchor, sequence.Tag, current.Start.Index);
            case MappingEnd or SequenceEnd:
                return Close();
            case AnchorAlias alias:
                return OnAlias(alias);
            default:
                return true;
        }
    }

    private bool OnScalar(Scalar scalar)
    {
        var start = (int)scalar.Start.Index;
        if (_stack.TryPeek(out var frame) && frame.Node is JsonObject && frame.Key is null)
        {
            return SetKey(frame, scalar.Value, start);
        }

        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        if (!YamlScalars.TryResolve(scalar.Value, plain, tag, out var node, out var message))
        {
            return Fail(message!, start);
        }

        if (node is JsonValue value && value.TryGetValue<string>(out _))
        {
            var end = (int)Math.Min(scalar.End.Index, _text.Length);
            var contentStart = ContentStart(scalar.Style, start, end);
            var contentEnd = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? Math.Max(contentStart, end - 1) : end;
            _map.AddString(node, start, contentStart, contentEnd);
        }
        else if (node is not null)
        {
            _map.AddValue(node, start);
        }

        if (!scalar.Anchor.IsEmpty)
        {
            _anchors[scalar.Anchor.Value] = new Anchored(node, 1, 0);
        }

        return Attach(node, start);
    }

    private int ContentStart(ScalarStyle style, int start, int end)
    {
        var contentStart = start;
        if (style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
        {
            var quote = _text.IndexOf(style == ScalarStyle.SingleQuoted ? '\'' : '"', start, end - start);
            contentStart = quote >= 0 ? quote + 1 : start;
        }
        else if (style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            var lineBreak = _text.IndexOf('\n', start, end - start);
            contentStart = lineBreak >= 0 ? lineBreak + 1 : start;
        }

        return contentStart;
    }

    private bool Open(JsonNode container, AnchorName anchor, TagName tag, long startIndex)
    {
        var start = (int)startIndex;
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value is not ("tag:yaml.org,2002:map" or "tag:yaml.org,2002:seq"))
        {
            return Fail($"unsupported YAML tag '{tag.Value}'", start);
        }

        if (_stack.TryPeek(out var parent) && parent.Node is JsonObject && parent.Key is null)
        {
            return Fail("mapping keys must be plain values, not lists or mappings", start);
        }

        if (_stack.Count >= DocumentLimits.MaxDepth)
        {
            return Fail($"the document is nested more than {DocumentLimits.MaxDepth} levels deep", start);
        }

        _map.AddValue(container, start);
        _stack.Push(new Frame(container, anchor.IsEmpty ? null : anchor.Value, start));
        return true;
    }

    private bool Close()
    {
        var frame = _stack.Pop();
        if (frame.Anchor is not null)
        {
            var (size, height) = Measure(frame.Node);
            _anchors[frame.Anchor] = new Anchored(frame.Node, size, height);
        }

        return Attach(frame.Node, frame.Start);
    }

    private bool OnAlias(AnchorAlias alias)
    {
        var start = (int)alias.Start.Index;
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            return Fail($"unknown YAML alias '*{alias.Value.Value}' (an alias must follow its anchor '&{alias.Value.Value}')", start);
        }

        if (_stack.TryPeek(out var frame) && frame.Node is JsonObject && frame.Key is null)
        {
            return anchored.Node is JsonValue key && key.TryGetValue<string>(out var name)
                ? SetKey(frame, name, start)
                : Fail("mapping keys must be strings", start);
        }

        _expanded += anchored.Size;
        if (_expanded > DocumentLimits.MaxAliasExpansion)
        {
            return Fail($"YAML aliases expand to more than {DocumentLimits.MaxAliasExpansion} values; the document is too large once expanded", start);
        }

        if (_stack.Count + anchored.Height > DocumentLimits.MaxDepth)
        {
            return Fail($"the document is nested more than {DocumentLimits.MaxDepth} levels deep (through alias '*{alias.Value.Value}')", start);
        }

        return Attach(Clone(anchored.Node), start);
    }

    private bool SetKey(Frame frame, string key, int start)
    {
        var owner = (JsonObject)frame.Node;
        if (owner.ContainsKey(key))
        {
            return Fail($"duplicate key '{key}'", start);
        }

        frame.Key = key;
        _map.AddKey(owner, key, start);
        return true;
    }

    private bool Attach(JsonNode? node, int start)
    {
        if (!_stack.TryPeek(out var parent))
        {
            _root = node;
            return true;
        }

        if (parent.Node is JsonArray list)
        {
            _map.AddItem(list, start);
            list.Add(node);
        }
        else
        {
            ((JsonObject)parent.Node)[parent.Key!] = node;
            parent.Key = null;
        }

        return true;
    }

    private JsonNode? Clone(JsonNode? original)
    {
        switch (original)
        {
            case JsonObject mapping:
                var objectCopy = new JsonObject();
                foreach (var (key, value) in mapping)
                {
                    objectCopy[key] = Clone(value);
                }

                _map.CopySpan(original, objectCopy);
                return objectCopy;
            case JsonArray list:
                var listCopy = new JsonArray();
                foreach (var item in list)
                {
                    listCopy.Add(Clone(item));
                }

                _map.CopySpan(original, listCopy);
                return listCopy;
            case null:
                return null;
            default:
                var copy = original.DeepClone();
                _map.CopySpan(original, copy);
                return copy;
        }
    }

    private static (int Size, int Height) Measure(JsonNode? node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject mapping => mapping.Select(p => p.Value),
            JsonArray list => list,
            _ => [],
        };
        var size = 1;
        var height = 0;
        foreach (var child in children)
        {
            var (childSize, childHeight) = Measure(child);
            size += childSize;
            height = Math.Max(height, childHeight);
        }

        return (size, node is JsonObject or JsonArray ? height + 1 : 0);
    }

    private static string Describe(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 1) - (...): "; the location is reported separately.
        var message = exception.Message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator >= 0 && message.StartsWith('(') ? message[(separator + 3)..] : message;
    }

    private bool Fail(string message, int index)
    {
        _error = new ReadError(message, Math.Clamp(index, 0, _text.Length));
        return false;
    }

    private sealed class Frame(JsonNode node, string? anchor, int start)
    {
        public JsonNode Node { get; } = node;

        public string? Anchor { get; } = anchor;

        public int Start { get; } = start;

        public string? Key { get; set; }
    }

    private readonly record struct Anchored(JsonNode? Node, int Size, int Height);
}
