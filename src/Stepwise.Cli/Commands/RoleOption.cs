using System.CommandLine;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Commands;

/// <summary><c>--role admin|developer|operator|viewer</c>, as keys and users take it.</summary>
internal static class RoleOption
{
    public static Option<ApiKeyRole> Create(ApiKeyRole fallback) => new("--role")
    {
        Description = "admin, developer, operator or viewer",
        HelpName = "ROLE",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (RoleNames.TryParseRole(token, out var parsed))
            {
                return parsed;
            }

            result.AddError($"Unknown role '{token}': use admin, developer, operator or viewer.");
            return ApiKeyRole.Viewer;
        },
    };

    /// <summary><c>--org ORG</c>, checked on the token the user typed.</summary>
    public static Option<string> Org(string description)
    {
        var org = new Option<string>("--org")
        {
            Description = description,
            HelpName = "ORG",
            DefaultValueFactory = _ => TenancyBootstrap.DefaultOrgId,
        };

        // A command validator sees no value (not the default) when --org is absent, so the token is checked here.
        org.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !Names.IsOrgId(result.Tokens[0].Value))
            {
                result.AddError($"'{Names.Quote(result.Tokens[0].Value)}' is not an organization id: use {Names.OrgIdRule}.");
            }
        });
        return org;
    }
}
