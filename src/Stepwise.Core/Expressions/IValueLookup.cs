using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>Named values an expression may read: <c>config.x</c> and <c>secrets.x</c>.</summary>
public interface IValueLookup
{
    bool TryGet(string name, out JsonNode? value);

    /// <summary>
    /// Every name, for <c>keys(config)</c>; null when the values cannot be listed (secrets are read one by name,
    /// never enumerated).
    /// </summary>
    IReadOnlyCollection<string>? Names => null;
}
