using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Executions;

/// <summary>Cursors are opaque to clients: base64url of <c>created_at_ms:id</c> of the last run of a page.</summary>
internal static class ExecutionCursorCodec
{
    public static string Encode(ExecutionCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id}")));

    public static bool TryDecode(string text, out ExecutionCursor? cursor)
    {
        cursor = null;
        if (text.Length is 0 or > 256 || !Base64Url.IsValid(text))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || !ExecutionIds.IsValid(decoded[(colon + 1)..]))
        {
            return false;
        }

        cursor = new ExecutionCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), decoded[(colon + 1)..]);
        return true;
    }
}
