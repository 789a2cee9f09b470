namespace Stepwise.Sdk;

/// <summary>
/// The root of every exception Stepwise defines: <see cref="WorkflowException"/> that workflow code throws, and the
/// engine's own (store, workspace, settings). Catch it to tell Stepwise's failures from any other. It lives in the
/// SDK, the one assembly every other Stepwise assembly and user code reference.
/// </summary>
public abstract class StepwiseException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected StepwiseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    protected StepwiseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    protected StepwiseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
