using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>Named values an expression may read but never enumerate: <c>config.x</c> and <c>secrets.x</c>.</summary>
public interface IValueLookup
{
    bool TryGet(string name, out JsonNode? value);
}
