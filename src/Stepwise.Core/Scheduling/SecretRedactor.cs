using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The run's view of its secrets: every value an expression reads is remembered, with every value the run's
/// expressions derive from one (<see cref="SecretTaint"/>), and from then on replaced by <c>***</c> in whatever the
/// run writes to its journal (step inputs, outputs, errors, log lines, the final output). Actions still receive the
/// real values. Runs that read no secret pay nothing.
/// </summary>
internal sealed class SecretRedactor(IValueLookup? secrets) : IValueLookup
{
    public const string Mask = SecretTaint.Mask;

    /// <summary>The secrets read and the texts derived from them, shared with the run's evaluation scope.</summary>
    public SecretTaint Taint { get; } = new();

    public bool TryGet(string name, out JsonNode? value)
    {
        value = null;
        if (secrets is null || !secrets.TryGet(name, out value))
        {
            return false;
        }

        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? TextOf(v) : value?.ToJsonString();
        if (text is not null)
        {
            Taint.AddSecret(text);
        }

        return true;
    }

    /// <summary>Masks <paramref name="value"/> from now on, like a secret read by an expression.</summary>
    public void Conceal(string value) => Taint.AddSecret(value);

    public JournalEntry Redact(JournalEntry entry)
    {
        if (Taint.IsEmpty)
        {
            return entry;
        }

        return entry switch
        {
            StepWritten step => new StepWritten(step.Step with
            {
                Input = Redact(step.Step.Input),
                Output = Redact(step.Step.Output),
                Error = Redact(step.Step.Error),
            }),
            LogWritten log => new LogWritten(log.Line with { Message = Redact(log.Line.Message)!, Data = Redact(log.Line.Data) }),
            ExecutionStatusWritten status => status with { Output = Redact(status.Output), Error = Redact(status.Error) },
            _ => entry,
        };
    }

    /// <summary>The text with every secret read so far replaced by <see cref="Mask"/>: for what leaves the run other than its journal.</summary>
    public string? Redact(string? text) => text is null ? null : Taint.Redact(text);

    /// <summary>
    /// <see cref="Redact(JsonNode?)"/> for a value that belongs to the caller alone (evaluated for it, or copied): while
    /// no secret was read it is returned as it is, where <see cref="Redact(JsonNode?)"/> always returns a copy. Never
    /// for a node the run's state or journal holds as well (a step's output): that one must be copied.
    /// </summary>
    public JsonNode? RedactOwned(JsonNode? node) => Taint.IsEmpty ? node : Redact(node);

    /// <summary>A copy of <paramref name="node"/> with every secret read so far masked (a copy even when none was).</summary>
    public JsonNode? Redact(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Redact(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Redact)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Redact(TextOf(value))),

        // A number parsed from a secret, or computed from one, is masked whole.
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && Taint.IsMasked(value.ToJsonString()) => JsonValue.Create(Mask),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// The text of a JSON string value, whatever it holds: a value built in memory may hold a DateTimeOffset, Guid or
    /// char (a schedule's <c>trigger.scheduled_at</c>, <c>execution.started_at</c>), which GetValue&lt;string&gt;
    /// refuses, while the same value read back from the store holds text.
    /// </summary>
    private static string TextOf(JsonValue value)
    {
        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.GetString() ?? string.Empty;
    }
}
