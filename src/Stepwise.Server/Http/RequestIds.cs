using System.Buffers;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Http;

/// <summary>
/// X-Request-ID: a caller's id is kept when it is 1 to 128 characters of letters, digits and <c>._:-</c> (safe in
/// headers, logs and JSON); anything else is replaced by a generated one: a UUID version 7 from
/// <see cref="SortableIds"/>, like a run's id, so generated ids sort by time and making one costs no system call
/// (<see cref="Guid.CreateVersion7(DateTimeOffset)"/> read 16 bytes from /dev/urandom per request). The id is the
/// request's <see cref="HttpContext.TraceIdentifier"/> and goes back on every response.
/// </summary>
internal static class RequestIds
{
    public const string HeaderName = "X-Request-ID";
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");

    public static bool IsAcceptable(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && candidate.Length <= MaxLength && !candidate.AsSpan().ContainsAnyExcept(Allowed);

    public static string Choose(string? candidate, TimeProvider time) =>
        IsAcceptable(candidate) ? candidate! : SortableIds.Next(time.GetUtcNow());

    /// <summary>Sets the response header (again) after something cleared the response, such as the exception handler.</summary>
    public static void Stamp(HttpContext context) =>
        context.Response.Headers[HeaderName] = context.TraceIdentifier;
}
