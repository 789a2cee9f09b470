namespace Stepwise.Server.Http;

/// <summary>
/// Endpoint metadata: the endpoint refuses query parameters other than <see cref="Known"/> (and <c>code</c>) with a
/// 422, so its OpenAPI operation lists that answer.
/// </summary>
internal sealed record StrictQuery(IReadOnlyList<string> Known);
