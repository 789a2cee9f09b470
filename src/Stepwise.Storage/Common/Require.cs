using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Stepwise.Storage.Common;

internal static class Require
{
    /// <summary>Rejects a missing or blank value with a message naming what it is.</summary>
    public static void Text(
        [NotNull] string? value, string what, [CallerArgumentExpression(nameof(value))] string? parameter = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The {what} must not be empty.", parameter);
        }
    }
}
