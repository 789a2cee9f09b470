using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Column lists and row mapping of secrets, configuration and OAuth connections; lists and ordinals change together.</summary>
internal static class OrgDataReaders
{
    public const string SecretColumns = "org_id, name, sealed_value, created_at, updated_at";

    public const string ConfigColumns = "org_id, key, value, created_at, updated_at";

    public const string OAuthColumns = """
        org_id, name, grant_type, client_id, client_secret, token_url, authorize_url, scopes, redirect_uri,
        access_token, refresh_token, expires_at, state_hash, state_expires_at, created_at, updated_at
        """;

    public static SecretRecord ReadSecret(DbDataReader reader) => new(
        OrgId: reader.GetString(0),
        Name: reader.GetString(1),
        SealedValue: reader.GetFieldValue<byte[]>(2),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(3)),
        UpdatedAt: DbValues.FromUnixMs(reader.GetInt64(4)));

    public static ConfigEntryRecord ReadConfig(DbDataReader reader)
    {
        var orgId = reader.GetString(0);
        var key = reader.GetString(1);
        return new ConfigEntryRecord(
            OrgId: orgId,
            Key: key,
            Value: reader.GetJsonOrNull(2, $"configuration key '{key}' of organization '{orgId}'"),
            CreatedAt: DbValues.FromUnixMs(reader.GetInt64(3)),
            UpdatedAt: DbValues.FromUnixMs(reader.GetInt64(4)));
    }

    public static OAuthConnectionRecord ReadOAuth(DbDataReader reader) => new(
        OrgId: reader.GetString(0),
        Name: reader.GetString(1),
        GrantType: reader.GetString(2),
        ClientId: reader.GetString(3),
        ClientSecret: BytesOrNull(reader, 4),
        TokenUrl: reader.GetString(5),
        AuthorizeUrl: reader.GetStringOrNull(6),
        Scopes: reader.GetStringOrNull(7),
        RedirectUri: reader.GetStringOrNull(8),
        AccessToken: BytesOrNull(reader, 9),
        RefreshToken: BytesOrNull(reader, 10),
        ExpiresAt: reader.GetUnixMsOrNull(11),
        StateHash: reader.GetStringOrNull(12),
        StateExpiresAt: reader.GetUnixMsOrNull(13),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(14)),
        UpdatedAt: DbValues.FromUnixMs(reader.GetInt64(15)));

    public static object BytesOrNull(byte[]? value) => value is null ? DBNull.Value : value;

    private static byte[]? BytesOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
