using System.Reflection;
using System.Runtime.CompilerServices;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Reads an event's own fields, and its message template, off the state it was logged with: a list of fields
/// (<c>{OriginalFormat}</c> among them for a structured event). The states of <c>[LoggerMessage]</c> events are structs;
/// read through the list interface a struct is boxed, an object per line, so a struct state is read through a method
/// made for its type, whose calls on it box nothing.
/// </summary>
internal static class EventState
{
    /// <summary>The field of a structured event's state that holds its message template.</summary>
    public const string OriginalFormat = "{OriginalFormat}";

    /// <summary>
    /// Adds the fields of <paramref name="state"/> to <paramref name="line"/> when it is a list of fields, and returns
    /// its template; null for a state without one (a plain string), whose message is its formatter's.
    /// </summary>
    public static LogTemplate? Read<TState>(TState state, LogLine line)
    {
        // typeof(TState).IsValueType is a constant of the code compiled for each struct state.
        if (typeof(TState).IsValueType && StructReader<TState>.Read is { } read)
        {
            return read(state, line);
        }

        return state is IReadOnlyList<KeyValuePair<string, object?>> fields ? ReadFields(fields, line) : null;
    }

    /// <summary>By index, through calls on <typeparamref name="TFields"/> itself: no enumerator, and no box of a struct.</summary>
    private static LogTemplate? ReadFields<TFields>(TFields fields, LogLine line)
        where TFields : IReadOnlyList<KeyValuePair<string, object?>>
    {
        LogTemplate? template = null;
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            if (name == OriginalFormat)
            {
                template = value is string format ? LogTemplate.For(format) : null;
            }
            else
            {
                line.AddField(name, LogValues.ReadOnce(value));
            }
        }

        return template;
    }

    /// <summary>
    /// <see cref="ReadFields{TFields}"/> made for one struct state type, once: null when the type is not a list of
    /// fields. Made by reflection because a state's type is only known to be a list where it is logged, not in the
    /// provider's generic code; where code cannot be made at run time (native AOT) there is none, and a struct state
    /// is read boxed, through the interface.
    /// </summary>
    private static class StructReader<TState>
    {
        public static readonly Func<TState, LogLine, LogTemplate?>? Read =
            RuntimeFeature.IsDynamicCodeSupported
            && typeof(IReadOnlyList<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(TState))
                ? typeof(EventState).GetMethod(nameof(ReadFields), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(typeof(TState))
                    .CreateDelegate<Func<TState, LogLine, LogTemplate?>>()
                : null;
    }
}
