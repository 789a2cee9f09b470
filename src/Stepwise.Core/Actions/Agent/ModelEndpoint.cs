using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Agent;

/// <summary>
/// An OpenAI-compatible chat endpoint as an <see cref="IChatClient"/>, and what its failures mean. The client does
/// not retry on its own: a failed call fails the attempt, and the node's retry policy decides (calls are paid).
/// </summary>
internal static class ModelEndpoint
{
    public static IChatClient Create(string baseUrl, string model, string? apiKey, HttpClient http, TimeSpan timeout)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout,
        };

        // Local servers often need no key; the client library insists on one, which they ignore.
        return new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options).AsIChatClient();
    }

    /// <summary>The failure of a call to the endpoint, named for the user; never carries the key.</summary>
    public static ActionResult Failure(Exception exception, string baseUrl) => exception switch
    {
        ClientResultException { Status: 401 or 403 } refused => ActionResult.Failure(
            $"the model endpoint {baseUrl} refused the API key ({refused.Status} {(refused.Status == 401 ? "Unauthorized" : "Forbidden")}): check the secret given as api_key",
            "AGENT_UNAUTHORIZED",
            retryable: false),
        ClientResultException { Status: 404 } missing => ActionResult.Failure(
            $"the model endpoint {baseUrl} answered 404: check base_url (it ends where /chat/completions is added, e.g. .../v1) and the model name: {First(missing.Message)}",
            "AGENT_ENDPOINT_ERROR",
            retryable: false),
        ClientResultException { Status: > 0 } failed => ActionResult.Failure(
            $"the model endpoint {baseUrl} answered {failed.Status}: {First(failed.Message)}",
            "AGENT_ENDPOINT_ERROR",
            retryable: failed.Status is 408 or 429 or >= 500),
        _ => ActionResult.Failure(
            $"cannot reach the model endpoint {baseUrl}: {First(Innermost(exception).Message)}",
            "AGENT_UNREACHABLE",
            retryable: true),
    };

    public static bool IsEndpointFailure(Exception exception) =>
        exception is ClientResultException or HttpRequestException or IOException
        || exception is TaskCanceledException { InnerException: TimeoutException };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string First(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
