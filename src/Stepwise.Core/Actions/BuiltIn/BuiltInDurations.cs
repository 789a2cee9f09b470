namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>The inputs of built-in actions that are durations, checked at deploy when they are constants.</summary>
internal static class BuiltInDurations
{
    public static bool IsDurationInput(string action, string input) => (action, input) switch
    {
        ("delay", "duration") => true,
        ("approval", "timeout") => true,
        ("http", "timeout") => true,
        ("email", "timeout") => true,
        ("agent", "request_timeout") => true,
        _ => false,
    };
}
