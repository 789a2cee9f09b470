using Stepwise.Core.Query.Schema;

namespace Stepwise.Core.Query.Checking;

/// <summary>
/// A field and, for a JSON field, the path into it (empty for the whole document). Path segments are names or
/// indexes as the lexer reads them: ASCII letters, digits and underscores only.
/// </summary>
internal sealed record CheckedField(QueryField Field, IReadOnlyList<string> Path, string Text);
