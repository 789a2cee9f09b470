namespace Stepwise.Hosting.Audit;

/// <summary>The action names of audit entries (docs/security.md lists them); new ones follow <c>resource.verb</c>.</summary>
internal static class AuditActions
{
    public const string Login = "auth.login";
    public const string Refresh = "auth.refresh";
    public const string Logout = "auth.logout";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";
    public const string UserCreate = "user.create";
    public const string UserPasswordReset = "user.reset_password";
    public const string UserDisable = "user.disable";
    public const string UserRoleSet = "user.role_set";
    public const string WorkflowDeploy = "workflow.deploy";
    public const string WorkflowDelete = "workflow.delete";
    public const string ExecutionStart = "execution.start";
    public const string ExecutionCancel = "execution.cancel";
    public const string ExecutionRetry = "execution.retry";
    public const string ExecutionCompensate = "execution.compensate";
    public const string ExecutionPurge = "execution.purge";
    public const string ExecutionSignal = "execution.signal";
    public const string OrgCreate = "org.create";
    public const string OrgActivate = "org.activate";
    public const string OrgDeactivate = "org.deactivate";
    public const string SecretPut = "secret.put";
    public const string SecretDelete = "secret.delete";
    public const string ConfigPut = "config.put";
    public const string ConfigDelete = "config.delete";
    public const string OAuthConnectionCreate = "oauth_connection.create";
    public const string OAuthConnectionDelete = "oauth_connection.delete";
    public const string OAuthConnectionAuthorize = "oauth_connection.authorize";
    public const string OAuthConnectionRefresh = "oauth_connection.refresh";
    public const string RecordProcessorPut = "record_processor.put";
    public const string RecordProcessorDelete = "record_processor.delete";
    public const string ActionExecute = "action.execute";
    public const string CircuitBreakerReset = "circuit_breaker.reset";
    public const string ProfileCpu = "profile.cpu";
    public const string ProfileHeap = "profile.heap";
    public const string ProfileThreads = "profile.threads";
    public const string StoreBackup = "store.backup";
    public const string StoreRestore = "store.restore";
}
