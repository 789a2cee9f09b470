using System.Collections.Concurrent;
using System.Text;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Field names as log lines show them: snake_case (<c>ExecutionId</c> becomes <c>execution_id</c>), and whether a
/// field may hold a secret, in which case its value is never written.
/// </summary>
internal static class LogFieldNames
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretParts =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "authorization", "admin_key", "credential", "key_hash"];

    // Bounded: names come from code ([LoggerMessage] templates, scopes), so a few hundred at most; the bound only
    // keeps a logger that names fields from data from growing the caches without end.
    private const int CachedNames = 10_000;

    private static readonly ConcurrentDictionary<string, string> SnakeCache = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, LogField> FieldCache = new(StringComparer.Ordinal);

    // Looked up before the bound is checked: a ConcurrentDictionary's Count takes all of its locks, which every
    // logging thread asking at once would queue on.
    public static string ToSnakeCase(string name) =>
        SnakeCache.TryGetValue(name, out var snake) ? snake
        : SnakeCache.Count < CachedNames ? SnakeCache.GetOrAdd(name, Convert)
        : Convert(name);

    /// <summary>
    /// The field an event property is written as (its name without a template's <c>@</c>/<c>$</c> marks, snake_cased)
    /// and whether it may hold a secret: worked out once per property name, as every line of a busy server asks again.
    /// </summary>
    public static LogField Describe(string propertyName) =>
        FieldCache.TryGetValue(propertyName, out var field) ? field
        : FieldCache.Count < CachedNames ? FieldCache.GetOrAdd(propertyName, Create)
        : Create(propertyName);

    public static bool IsSecret(string snakeName)
    {
        foreach (var part in SecretParts)
        {
            if (snakeName.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static LogField Create(string propertyName)
    {
        var name = ToSnakeCase(propertyName.TrimStart('@', '$'));
        return new LogField(name, IsSecret(name));
    }

    private static string Convert(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c is '.' or '-' or ' ' ? '_' : c);
            }
        }

        return builder.ToString();
    }
}
