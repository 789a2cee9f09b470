namespace Stepwise.Cli.Seeding;

/// <summary>One thing the seed made sure of: what it is, and whether this run created it or found it there.</summary>
/// <param name="Kind">organization, key, workflow, config or secret.</param>
/// <param name="Name">What it is called, within its organization when it has one.</param>
/// <param name="Created">False when an earlier seed (or a person) had already made it.</param>
/// <param name="Detail">What a person needs to know, such as a new key (shown once) or a workflow's version.</param>
internal sealed record SeedItem(string Kind, string? OrgId, string Name, bool Created, string? Detail = null);
