using System.Data.Common;

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

    /// <summary>Runs the statement with the values set; returns the number of rows it changed.</summary>
    public abstract ValueTask<int> ExecuteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
