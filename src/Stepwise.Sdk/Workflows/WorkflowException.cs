namespace Stepwise.Sdk;

/// <summary>
/// An expected failure of a workflow or step, with a message meant for the people who run it. Thrown from a step it
/// fails the step (and is retried when the step's retry policy allows); thrown from the workflow it fails the run.
/// </summary>
public class WorkflowException : StepwiseException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public WorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and a machine-readable code, e.g. <c>PAYMENT_FAILED</c>.</summary>
    public WorkflowException(string message, string code)
        : base(message)
    {
        Code = code;
    }

    /// <summary>A machine-readable error code, or null.</summary>
    public string? Code { get; }
}
