namespace Stepwise.Core.Storage;

/// <summary>
/// A record's statuses as stored and shown: it arrives <c>pending</c>, is <c>processing</c> while a run of its
/// category's workflow holds it, then is <c>processed</c> (the run succeeded) or <c>failed</c> (with the run's error).
/// </summary>
public static class RecordStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Processed = "processed";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Pending, Processing, Processed, Failed];
}
