namespace Stepwise.Sdk;

/// <summary>The organization's configuration lacks or has a bad value the workflow needs. Never retried.</summary>
public sealed class ConfigurationError : WorkflowException
{
    /// <summary>Creates the error.</summary>
    public ConfigurationError()
        : base("Configuration error", "CONFIGURATION_ERROR")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public ConfigurationError(string message)
        : base(message, "CONFIGURATION_ERROR")
    {
    }

    /// <summary>Creates the error with a message and the failure that caused it.</summary>
    public ConfigurationError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error naming the configuration key at fault.</summary>
    public ConfigurationError(string message, string? configKey)
        : base(message, "CONFIGURATION_ERROR")
    {
        ConfigKey = configKey;
    }

    /// <summary>The configuration key at fault, or null.</summary>
    public string? ConfigKey { get; }
}
