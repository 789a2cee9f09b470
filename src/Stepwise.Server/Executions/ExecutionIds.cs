using System.Buffers;

namespace Stepwise.Server.Executions;

/// <summary>
/// Run ids: UUIDs for runs started by a caller; a sub-workflow run's id extends its parent's with the step, such as
/// <c>{parent}/batches[2]/1</c>, so URLs carry it percent-encoded (<c>%2F</c> stays encoded in the path and is
/// decoded here). Anything else is rejected before a lookup.
/// </summary>
internal static class ExecutionIds
{
    private const int MaxLength = 512;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/[]#.");

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(Allowed)
        && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>The id from a route value, with the <c>%2F</c> the server leaves encoded turned back into '/'.</summary>
    public static string FromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
