namespace Stepwise.Server.Records;

internal sealed record SummaryDay(string Day, long Total, IReadOnlyDictionary<string, long> ByStatus);
