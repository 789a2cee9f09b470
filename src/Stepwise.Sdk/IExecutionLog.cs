using System.Text.Json.Nodes;

namespace Stepwise.Sdk;

/// <summary>Severity of a line in an execution's log.</summary>
public enum ExecutionLogLevel
{
    /// <summary>Detail for debugging.</summary>
    Debug,
    /// <summary>Normal progress.</summary>
    Info,
    /// <summary>Something unexpected that did not fail the step.</summary>
    Warning,
    /// <summary>A failure.</summary>
    Error,
}

/// <summary>The log of one execution, stored with it and shown by the API and CLI.</summary>
public interface IExecutionLog
{
    /// <summary>Appends a line. Secrets are redacted by the engine before the line is stored.</summary>
    void Write(ExecutionLogLevel level, string message, JsonNode? data = null);
}
