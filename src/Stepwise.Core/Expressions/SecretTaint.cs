using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;

namespace Stepwise.Core.Expressions;

/// <summary>
/// Every text of one run known to be a secret or computed from one: the secrets its expressions read, and each value
/// an expression derived from a tainted value (an upper-cased, encoded, cut or hashed secret, a number parsed from
/// one, a text joined from its pieces). The run's redactor masks all of them; the evaluator asks it whether an
/// argument is tainted. Shared by the run's concurrent steps, so it is thread-safe.
/// </summary>
/// <remarks>
/// A text is tainted when it contains a registered text of at least <see cref="MinimumLength"/> characters (so a
/// secret inside a longer text taints it, and is masked inside it), or equals a registered shorter one (a
/// character of a split secret taints what is built from it, but "a" is not masked everywhere). Booleans are never
/// tainted: a comparison or a test of a secret is not tracked, nor is the length of one.
/// </remarks>
internal sealed class SecretTaint
{
    public const string Mask = "***";

    /// <summary>Shorter texts would mask ordinary text everywhere; they taint, but are not masked on their own.</summary>
    public const int MinimumLength = 3;

    /// <summary>How many distinct texts a run may derive from its secrets: each is searched for in what the run writes.</summary>
    public const int MaxTexts = 10_000;

    private readonly Lock _gate = new();

    // Created with the first text: most runs read no secret, and every run has a taint.
    private HashSet<string>? _masked;
    private HashSet<string>? _short;

    // Texts added since the search was built: searched one by one until there are enough to rebuild it. Created
    // with _masked.
    private List<string>? _pending;
    private SortedSet<int>? _lengths;
    private SearchValues<string>? _search;
    private volatile bool _any;

    /// <summary>True until a secret is read: runs without secrets pay nothing.</summary>
    public bool IsEmpty => !_any;

    /// <summary>How many texts are registered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return CountLocked;
            }
        }
    }

    /// <summary>A secret's own value: always registered, whatever else is.</summary>
    public void AddSecret(string text)
    {
        lock (_gate)
        {
            AddLocked(text);
        }
    }

    /// <summary>
    /// Registers every string and number inside <paramref name="value"/> (object keys aside): a value computed from a
    /// tainted one. False when the run's limit of <see cref="MaxTexts"/> derived texts is exceeded.
    /// </summary>
    public bool TryAdd(JsonNode? value)
    {
        lock (_gate)
        {
            return AddTree(value);
        }
    }

    /// <summary>True when <paramref name="value"/> holds a tainted string or number anywhere inside.</summary>
    public bool Touches(JsonNode? value)
    {
        if (!_any)
        {
            return false;
        }

        lock (_gate)
        {
            return TouchesTree(value);
        }
    }

    /// <summary>True when <paramref name="text"/> is tainted.</summary>
    public bool Touches(string text)
    {
        if (!_any)
        {
            return false;
        }

        lock (_gate)
        {
            return IsShortLocked(text) || FirstHit(text, 0) >= 0;
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> holds a tainted text that would not be masked where it is written into a
    /// longer text: one shorter than <see cref="MinimumLength"/>, or any tainted value of a number, array or object
    /// (written as JSON, whose escapes change the text). A text built from such a value must be registered itself.
    /// </summary>
    public bool HidesInText(JsonNode? value)
    {
        if (!_any || value is null)
        {
            return false;
        }

        lock (_gate)
        {
            return JsonValues.TryGetString(value, out var text) ? IsShortLocked(text) : TouchesTree(value);
        }
    }

    /// <summary>The text with every registered text of at least <see cref="MinimumLength"/> characters replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        if (!_any || text.Length < MinimumLength)
        {
            return text;
        }

        lock (_gate)
        {
            return RedactLocked(text);
        }
    }

    /// <summary>True when the text is, or contains, a masked text: a number with such a text is masked whole.</summary>
    public bool IsMasked(string text)
    {
        if (!_any)
        {
            return false;
        }

        lock (_gate)
        {
            return FirstHit(text, 0) >= 0;
        }
    }

    private bool AddTree(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return true;
            case JsonObject obj:
                foreach (var (_, member) in obj)
                {
                    if (!AddTree(member))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (!AddTree(item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (TextOf(value) is not { } text || _masked?.Contains(text) == true || IsShortLocked(text))
                {
                    return true;
                }

                if (CountLocked >= MaxTexts)
                {
                    return false;
                }

                AddLocked(text);
                return true;
        }
    }

    private void AddLocked(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length < MinimumLength)
        {
            (_short ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
        }
        else if ((_masked ??= new HashSet<string>(StringComparer.Ordinal)).Add(text))
        {
            (_pending ??= []).Add(text);
            (_lengths ??= []).Add(text.Length);
        }

        _any = true;
    }

    private bool TouchesTree(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return false;
            case JsonObject obj:
                foreach (var (_, member) in obj)
                {
                    if (TouchesTree(member))
                    {
                        return true;
                    }
                }

                return false;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (TouchesTree(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return TextOf(value) is { } text && (IsShortLocked(text) || FirstHit(text, 0) >= 0);
        }
    }

    /// <summary>Where the first registered text of at least <see cref="MinimumLength"/> characters starts at or after <paramref name="from"/>, or -1.</summary>
    private int FirstHit(string text, int from)
    {
        if (_masked is not { Count: > 0 } masked)
        {
            return -1;
        }

        var pendingTexts = _pending!;

        // Rebuilt when the pending texts are many against the built ones, so a run adding texts one by one while
        // checking between the additions costs a logarithmic number of rebuilds, not one per addition.
        if (pendingTexts.Count > 16 + (masked.Count / 16))
        {
            _search = SearchValues.Create([.. masked], StringComparison.Ordinal);
            pendingTexts.Clear();
        }

        var span = text.AsSpan(from);
        var hit = _search is null ? -1 : span.IndexOfAny(_search);
        foreach (var pending in pendingTexts)
        {
            var at = span.IndexOf(pending, StringComparison.Ordinal);
            if (at >= 0 && (hit < 0 || at < hit))
            {
                hit = at;
            }
        }

        return hit < 0 ? -1 : from + hit;
    }

    /// <summary>Masks every occurrence of every registered text; overlapping occurrences become one mask.</summary>
    private string RedactLocked(string text)
    {
        var at = FirstHit(text, 0);
        if (at < 0)
        {
            return text;
        }

        // A hit means a masked text was registered, so the sets exist.
        var lookup = _masked!.GetAlternateLookup<ReadOnlySpan<char>>();
        var builder = new StringBuilder(text.Length);
        var copied = 0;
        var maskedUntil = -1;
        while (at >= 0)
        {
            var end = at;
            foreach (var length in _lengths!.Reverse())
            {
                if (at + length <= text.Length && lookup.Contains(text.AsSpan(at, length)))
                {
                    end = at + length;
                    break;
                }
            }

            if (at < maskedUntil)
            {
                maskedUntil = Math.Max(maskedUntil, end);
            }
            else
            {
                if (maskedUntil >= 0)
                {
                    builder.Append(Mask);
                    copied = maskedUntil;
                }

                builder.Append(text, copied, at - copied);
                maskedUntil = end;
            }

            at = at + 1 < text.Length ? FirstHit(text, at + 1) : -1;
        }

        builder.Append(Mask);
        builder.Append(text, maskedUntil, text.Length - maskedUntil);
        return builder.ToString();
    }

    private int CountLocked => (_masked?.Count ?? 0) + (_short?.Count ?? 0);

    private bool IsShortLocked(string text) => _short?.Contains(text) == true;

    /// <summary>The text of a string or number (as an expression writes it); null for booleans.</summary>
    private static string? TextOf(JsonNode value) =>
        JsonValues.KindOf(value) switch
        {
            ValueKind.String or ValueKind.Int or ValueKind.Number => JsonValues.ToText(value),
            _ => null,
        };
}
