using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>The workspace cannot be read or built at all (too many files, a file too large).</summary>
public sealed class WorkspaceException : StepwiseException
{
    public WorkspaceException()
    {
    }

    public WorkspaceException(string message)
        : base(message)
    {
    }

    public WorkspaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
