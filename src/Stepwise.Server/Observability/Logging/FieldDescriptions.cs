using System.Runtime.CompilerServices;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// <see cref="LogFieldNames.Describe"/> for one formatter, remembered by the name's reference: a line's field names
/// are the same string objects line after line (a <c>[LoggerMessage]</c> event's, a scope's), so a slot compared by
/// reference answers without hashing the name, and the shared cache is asked only for a name not seen before.
/// Not thread-safe: a formatter is used by one logging thread.
/// </summary>
internal sealed class FieldDescriptions
{
    private const int Slots = 256;

    private readonly string?[] _names = new string?[Slots];
    private readonly LogField?[] _fields = new LogField?[Slots];

    public LogField Describe(string name)
    {
        var slot = RuntimeHelpers.GetHashCode(name) & (Slots - 1);
        if (ReferenceEquals(_names[slot], name))
        {
            return _fields[slot]!;
        }

        var field = LogFieldNames.Describe(name);
        _names[slot] = name;
        _fields[slot] = field;
        return field;
    }
}
