namespace Stepwise.EndToEnd.Support;

/// <summary>
/// One row of the bad-request table: what is sent and the 4xx it must get. <c>{run}</c> in the path stands for an
/// existing run; <see cref="Key"/> null sends no key. A <see cref="Status"/> of <see cref="AnyClientError"/> accepts any
/// 4xx (the generated corpus, where several refusals are right).
/// </summary>
public sealed record BadRequestCase(
    string Name,
    string Method,
    string Path,
    int Status,
    string? ContentType = null,
    string? Body = null,
    byte[]? RawBody = null,
    string? Key = ServerInstance.AdminKey,
    string? HeaderName = null,
    string? HeaderValue = null)
{
    public const int AnyClientError = 0;

    public override string ToString() => Name;
}
