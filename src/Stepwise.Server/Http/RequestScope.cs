using System.Collections;

namespace Stepwise.Server.Http;

/// <summary>The logging scope of one request: structured loggers write it as <c>"request_id": "..."</c>.</summary>
internal sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("request_id", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"request_id:{requestId}";
}
