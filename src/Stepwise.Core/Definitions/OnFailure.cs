namespace Stepwise.Core.Definitions;

public enum OnFailure
{
    /// <summary>Keep completed steps as they are.</summary>
    Stop,

    /// <summary>Run the compensate actions of completed steps in reverse order; the run ends "compensated".</summary>
    Compensate,
}
