using System.Diagnostics;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The ids of the span a line is logged in (<see cref="Activity.Current"/>), put on the line as its outermost scope's
/// fields <c>span_id</c>, <c>trace_id</c> and <c>parent_id</c>: the names, order and text Microsoft.Extensions.Logging's
/// activity tracking gave them, read by the provider itself. That tracking made, for every span a line was logged in,
/// a scope object, its array and a dictionary on the span to keep it in (about 300 bytes, and a webhook request has
/// two spans); the id strings read here are the span's own, which an <see cref="Activity"/> makes once and keeps
/// (<see cref="ActivitySpanId.ToHexString"/> hands back that string), so a line allocates nothing for them.
/// </summary>
internal static class SpanFields
{
    // The names the activity tracking gave its fields, so a field of the event or of a scope of the same name keeps
    // winning over them as it did (LogLine.PutScopeField).
    private const string SpanId = "SpanId";
    private const string TraceId = "TraceId";
    private const string ParentId = "ParentId";

    /// <summary>Adds the current span's ids to <paramref name="line"/>, before any scope's fields; nothing outside a span.</summary>
    public static void Add(LogLine line)
    {
        if (Activity.Current is not { } activity)
        {
            return;
        }

        if (activity.IdFormat == ActivityIdFormat.W3C)
        {
            // A span without a parent has the zero id, 0000000000000000, as parent_id.
            line.PutScopeField(SpanId, activity.SpanId.ToHexString());
            line.PutScopeField(TraceId, activity.TraceId.ToHexString());
            line.PutScopeField(ParentId, activity.ParentSpanId.ToHexString());
        }
        else
        {
            // Hierarchical ids (|root.1.), which nothing of the server makes but a process may choose: the whole id,
            // its root and its parent's, empty when there is none, as the activity tracking wrote them.
            var hierarchical = activity.IdFormat == ActivityIdFormat.Hierarchical;
            line.PutScopeField(SpanId, (hierarchical ? activity.Id : null) ?? string.Empty);
            line.PutScopeField(TraceId, (hierarchical ? activity.RootId : null) ?? string.Empty);
            line.PutScopeField(ParentId, (hierarchical ? activity.ParentId : null) ?? string.Empty);
        }
    }
}
