namespace Stepwise.Server.Docs;

/// <summary>What each tag of the OpenAPI document groups, for readers of the reference and generated clients.</summary>
internal static class TagDescriptions
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Health"] = "Liveness, readiness, runtime counters and Prometheus metrics",
        ["Workspace"] = "Code workflows, data providers and the workspace they are built from",
        ["Workflows"] = "Deploy, list, show and delete workflow definitions and their versions",
        ["Executions"] = "Start runs and list, show, follow, cancel, retry and compensate them",
        ["Signals"] = "Waiting runs, signals and approvals, and signed approval links",
        ["Webhooks"] = "Start runs from webhook triggers (no API key; optionally signed)",
        ["Triggers"] = "Schedules and file watches and their next fire times",
        ["Actions"] = "Try one action alone, as a step would run it",
        ["OAuth"] = "OAuth 2.0 connections that http nodes authenticate with",
        ["Audit"] = "The audit log of the organization",
        ["Auth"] = "Sign in with a username and password, refresh and revoke tokens, and who the caller is",
        ["Records"] = "Records, their processing by workflows, and reports over them",
        ["Query"] = "The query language over runs, steps, records, workflows and the audit log",
        ["Circuit breakers"] = "The per-host circuit breakers of outgoing HTTP calls",
        ["Queue"] = "The run queue: list, cancel and purge runs",
        ["Secrets"] = "Encrypted secrets of the organization (values are never returned)",
        ["Configuration"] = "Configuration values of the organization that workflows read",
        ["Organizations"] = "Organizations (platform admins)",
        ["API keys"] = "API keys of the organization (a key is shown once, when created)",
        ["Users"] = "Users of the organization and their roles",
    };

    public static string? For(string tag) => Descriptions.GetValueOrDefault(tag);
}
