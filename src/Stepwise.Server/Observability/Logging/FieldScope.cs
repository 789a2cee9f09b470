using System.Collections;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// A logging scope of one field (<c>request_id</c> of a request): every line logged in it carries the field. A list
/// of one, which the logging provider reads by index, where a dictionary would cost an allocation for itself and
/// another for every enumeration of it.
/// </summary>
internal sealed class FieldScope(string name, object? value) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(name, value) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{name}:{value}";
}
