namespace Stepwise.Core.Triggers;

/// <summary>What asked for a run.</summary>
public enum TriggerSource
{
    Schedule,
    FileWatch,
}
