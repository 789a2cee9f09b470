using Stepwise.Sdk;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// A run that was to be written once, when it ends (a sync webhook's run of in-memory steps), stopped before any of it
/// was written: the server was stopping or the store refused the write. Nothing of it is stored, so no id may be handed
/// out for it; the caller may send the request again. The worker logged why.
/// </summary>
public sealed class RunNotRecordedException : StepwiseException
{
    public RunNotRecordedException()
        : base("The run stopped before it could be recorded; nothing of it was saved: send the request again.")
    {
    }

    public RunNotRecordedException(string message)
        : base(message)
    {
    }

    public RunNotRecordedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
