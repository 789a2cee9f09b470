using System.Text;

namespace Stepwise.Server.Docs;

/// <summary>
/// The operationId of an operation, derived from its method and route so it is stable while the route is: the
/// method in lower case, then each path segment after <c>/api/v1</c> in PascalCase, a parameter as <c>By{Name}</c>.
/// <c>GET /api/v1/executions/{id}/logs</c> is <c>getExecutionsByIdLogs</c>, <c>HEAD /health</c> is <c>headHealth</c>.
/// </summary>
internal static class OperationIds
{
    public static string For(string method, string route)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(route);
        var id = new StringBuilder(method.ToLowerInvariant());
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = segments.Length >= 2 && segments[0] == "api" && segments[1] == "v1" ? 2 : 0;
        foreach (var segment in segments.Skip(start))
        {
            if (segment.StartsWith('{'))
            {
                id.Append("By");
                AppendPascal(id, segment.Trim('{', '}', '*').Split(':')[0]);
            }
            else
            {
                AppendPascal(id, segment);
            }
        }

        return id.ToString();
    }

    private static void AppendPascal(StringBuilder id, string words)
    {
        foreach (var word in words.Split('-', '_', '.'))
        {
            if (word.Length > 0)
            {
                id.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
        }
    }
}
