using Stepwise.Core.Query.Checking;

namespace Stepwise.Storage.Query;

/// <summary>
/// How a dialect reads a JSON path out of a text column. Paths are written into the SQL as literals (so an
/// expression index on the same path serves the query) only after <see cref="IsSafeSegment"/> accepted every
/// segment; values are always parameters.
/// </summary>
internal abstract class JsonPathSql
{
    /// <summary>The value at the path as SQL text (strings unquoted); null when missing or JSON null.</summary>
    public abstract string Text(string column, IReadOnlyList<string> path);

    /// <summary>
    /// The value at the path where it is a JSON string (anything where it is not, guarded by <see cref="IsString"/>):
    /// the plain expression an index on the path serves.
    /// </summary>
    public abstract string StringValue(string column, IReadOnlyList<string> path);

    /// <summary>A condition: the value at the path is a JSON string.</summary>
    public abstract string IsString(string column, IReadOnlyList<string> path);

    /// <summary>A condition: the value at the path is a JSON number and compares by <paramref name="op"/> with <paramref name="parameter"/>.</summary>
    public abstract string CompareNumber(string column, IReadOnlyList<string> path, string op, string parameter);

    /// <summary>A condition: the value at the path is JSON <c>true</c> (or <c>false</c>).</summary>
    public abstract string IsBool(string column, IReadOnlyList<string> path, bool value);

    /// <summary>A condition: the path is missing or holds JSON null.</summary>
    public abstract string IsMissing(string column, IReadOnlyList<string> path);

    /// <summary>The case-insensitive LIKE operator.</summary>
    public abstract string Like { get; }

    /// <summary>Text of one path segment: an ASCII name or an array index (the lexer admits nothing else; checked again here).</summary>
    public static bool IsSafeSegment(string segment) =>
        segment.Length is > 0 and <= 128 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public static bool IsIndex(string segment) => segment.All(char.IsAsciiDigit);

    public static bool AllSafe(CheckedField field) => field.Path.All(IsSafeSegment);
}
