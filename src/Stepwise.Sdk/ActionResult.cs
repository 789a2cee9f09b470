using System.Text.Json.Nodes;

namespace Stepwise.Sdk;

/// <summary>The outcome of one attempt of an action.</summary>
public sealed record ActionResult
{
    private ActionResult(bool succeeded, JsonNode? output, string? error, string? code, bool retryable)
    {
        Succeeded = succeeded;
        Output = output;
        Error = error;
        Code = code;
        Retryable = retryable;
    }

    /// <summary>True when the attempt succeeded.</summary>
    public bool Succeeded { get; }

    /// <summary>The output of a successful attempt (JSON; null is allowed).</summary>
    public JsonNode? Output { get; }

    /// <summary>The error message of a failed attempt.</summary>
    public string? Error { get; }

    /// <summary>A machine-readable error code of a failed attempt, e.g. <c>PAYMENT_FAILED</c>.</summary>
    public string? Code { get; }

    /// <summary>Whether the node's retry policy may try again after this failure.</summary>
    public bool Retryable { get; }

    /// <summary>A successful attempt.</summary>
    public static ActionResult Success(JsonNode? output) => new(true, output, null, null, false);

    /// <summary>A failed attempt.</summary>
    public static ActionResult Failure(string error, string? code = null, bool retryable = true) =>
        new(false, null, error, code, retryable);
}
