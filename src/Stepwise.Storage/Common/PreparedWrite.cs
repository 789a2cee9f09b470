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

    /// <summary>Sets an integer column (a count, a time in unix milliseconds), unboxed where the statement can.</summary>
    public virtual void SetInt64(int index, long value) => Set(index, value);

    /// <summary>Sets a JSON column: the text <see cref="DbValues.Json"/> makes of <paramref name="node"/>, or null.</summary>
    public virtual void SetJson(int index, JsonNode? node) => Set(index, DbValues.JsonOrNull(node));

    /// <summary>Runs the statement with the values set; returns the number of rows it changed.</summary>
    public abstract ValueTask<int> ExecuteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
