namespace Stepwise.Sdk;

/// <summary>Starts the workflow when a POST arrives at <c>/hooks/{org}/{Path}</c>; the JSON body is the input.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class WebhookAttribute(string path) : Attribute
{
    /// <summary>The path under <c>/hooks/{org}/</c>.</summary>
    public string Path { get; } = path;

    /// <summary>When true the caller waits for the run to finish and receives its output.</summary>
    public bool Sync { get; set; }
}
