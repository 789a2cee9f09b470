namespace Stepwise.Bench.Harness;

/// <summary>One HTTP scenario: a webhook path both Stepwise and the baseline serve, its body and concurrency.</summary>
internal sealed record HttpScenario(string Key, string Path, string Body, int Connections);
