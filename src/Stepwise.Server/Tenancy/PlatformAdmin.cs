using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Tenancy;

/// <summary>What only a platform admin (a key made with <c>--platform-admin</c>) may do across organizations.</summary>
internal static class PlatformAdmin
{
    /// <summary>Null when the caller is a platform admin, else the 403 that says what is needed.</summary>
    public static ErrorResult? Require(Caller caller, string what) =>
        caller.IsPlatformAdmin
            ? null
            : ApiErrors.Forbidden($"{what} needs a platform admin key; this credential is an admin of organization '{caller.OrgId}' only");
}
