using System.Data.Common;
using System.Text.Json.Nodes;

namespace Stepwise.Storage.Common;

/// <summary>
/// A write statement the writer prepares once on its connection and runs many times: values are set by position (the
/// order of the parameter names it was prepared with), then it runs in the batch's transaction. Values are what
/// <see cref="DbValues"/> makes of a record: text, integers, reals, bytes or <see cref="DBNull"/>.
/// </summary>
internal abstract class PreparedWrite : IAsyncDisposable
{
    public abstract DbTransaction? Transaction { set; }

    public abstract void Set(int index, object value);

    // Typed setters for the per-step hot path: an implementation that binds natively needs no boxed value, no tuple
    // of name and value, and (for JSON) no string. These defaults make the same values Set always got.

    /// <summary>Sets text, or NULL for null.</summary>
    public virtual void SetText(int index, string? text) => Set(index, DbValues.TextOrNull(text));

    public virtual void SetInt32(int index, int value) => Set(index, value);

    public virtual void SetInt64(int index, long value) => Set(index, value);

    /// <summary>Sets an integer, or NULL for null.</summary>
    public virtual void SetInt64(int index, long? value) => Set(index, value is { } number ? number : DBNull.Value);

    /// <summary>Sets the stored text of <paramref name="node"/> (<see cref="DbValues.Json"/>), or NULL for null.</summary>
    public virtual void SetJson(int index, JsonNode? node) => Set(index, DbValues.JsonOrNull(node));

    /// <summary>Runs the statement with the values set; returns the number of rows it changed.</summary>
    public abstract ValueTask<int> ExecuteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
