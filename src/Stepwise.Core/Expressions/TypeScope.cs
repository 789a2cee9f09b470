using Stepwise.Sdk;

namespace Stepwise.Core.Expressions;

/// <summary>What the checker knows where an expression stands: param types, which nodes are upstream, item type.</summary>
public sealed class TypeScope
{
    /// <summary>Declared params and their types.</summary>
    public IReadOnlyDictionary<string, DataType> Params { get; init; } = new Dictionary<string, DataType>();

    /// <summary>Every node id of the workflow (to tell "not upstream" from "no such node").</summary>
    public IReadOnlySet<string> AllNodes { get; init; } = new HashSet<string>();

    /// <summary>Output types of the nodes upstream of the current one: only these may be read.</summary>
    public IReadOnlyDictionary<string, DataType> UpstreamOutputs { get; init; } = new Dictionary<string, DataType>();

    /// <summary>The node the expression belongs to, for <c>node 'x' is not upstream of 'y'</c>; null for <c>output:</c>.</summary>
    public string? CurrentNode { get; init; }

    /// <summary>The type of <c>item</c> inside a foreach template; null outside (then item/index are undefined).</summary>
    public DataType? ItemType { get; init; }
}
