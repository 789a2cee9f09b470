using Stepwise.Sdk;

namespace Stepwise.Hosting.Configuration;

/// <summary>A setting has a value the server cannot use; the message names the setting and what is expected.</summary>
public sealed class ServerConfigurationException : StepwiseException
{
    public ServerConfigurationException()
    {
    }

    public ServerConfigurationException(string message)
        : base(message)
    {
    }

    public ServerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
