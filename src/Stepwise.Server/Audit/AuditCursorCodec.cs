using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Audit;

/// <summary>Cursors are opaque to clients: base64url of <c>at_ms:id</c> of the last entry of a page.</summary>
internal static class AuditCursorCodec
{
    public static string Encode(AuditCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{cursor.At.ToUnixTimeMilliseconds()}:{cursor.Id}")));

    public static bool TryDecode(string text, out AuditCursor? cursor)
    {
        cursor = null;
        if (text.Length is 0 or > 256 || !Base64Url.IsValid(text))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || decoded.Length - colon - 1 is 0 or > 64)
        {
            return false;
        }

        cursor = new AuditCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), decoded[(colon + 1)..]);
        return true;
    }
}
