namespace Stepwise.Server.Errors;

/// <summary>
/// The one shape of every error response: <c>{"error": {"code", "message", "details"}, "request_id"}</c>.
/// </summary>
internal sealed record ErrorEnvelope(ErrorBody Error, string RequestId);
