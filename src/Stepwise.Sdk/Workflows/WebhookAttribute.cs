namespace Stepwise.Sdk;

/// <summary>Starts the workflow when a request arrives at <c>/api/v1/hooks/{Path}</c>; the JSON body is the input.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class WebhookAttribute(string path) : Attribute
{
    /// <summary>The path under <c>/api/v1/hooks/</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The HTTP method, POST by default.</summary>
    public string Method { get; set; } = "POST";

    /// <summary>When true the caller waits for the run to finish and receives its output.</summary>
    public bool Sync { get; set; }
}
