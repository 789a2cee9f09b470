namespace Stepwise.Core.Storage;

/// <summary>Records created on one UTC day (<c>yyyy-MM-dd</c>), by status.</summary>
public sealed record RecordDayCount(string Day, long Total, IReadOnlyDictionary<string, long> ByStatus);
