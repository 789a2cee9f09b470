namespace Stepwise.Cli.Commands;

/// <summary>The text of a GET, or the problem that kept it from being fetched (Unreachable: no answer at all).</summary>
internal sealed record FetchResult(string? Text, string? Error, bool Unreachable);
