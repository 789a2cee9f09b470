namespace Stepwise.Core.Telemetry;

/// <summary>
/// The one table of log event ids: every <c>[LoggerMessage]</c> in Stepwise takes its <c>EventId</c> from here.
/// Each area owns a range (<c>First</c>..<c>Last</c>); a new event takes the next free id of its area, and a new area
/// takes a free range. Ids and event names are never reused for a different event: operators filter on them.
/// A test checks that ids and names are unique, that each id lies in its area's range, and that no
/// <c>[LoggerMessage]</c> uses an id missing from this table. docs/operations.md lists the ranges.
/// </summary>
public static class LogEventIds
{
    /// <summary>The server process and HTTP requests. Ids 1000-1099.</summary>
    public static class Server
    {
        public const int First = 1000;
        public const int Last = 1099;

        /// <summary><c>request.start</c></summary>
        public const int RequestStart = 1000;

        /// <summary><c>request.end</c></summary>
        public const int RequestEnd = 1001;

        /// <summary><c>http.error</c></summary>
        public const int HttpError = 1002;

        /// <summary><c>validation.error</c></summary>
        public const int ValidationError = 1003;

        /// <summary><c>unhandled exception</c></summary>
        public const int UnhandledException = 1004;

        /// <summary><c>domain.error</c></summary>
        public const int DomainError = 1005;

        /// <summary><c>server.storage</c></summary>
        public const int ServerStorage = 1010;

        /// <summary><c>server.shutdown</c></summary>
        public const int ServerShutdown = 1011;

        /// <summary><c>server.shutdown_grace_elapsed</c></summary>
        public const int ServerShutdownGraceElapsed = 1012;

        /// <summary><c>auth.short_admin_key</c></summary>
        public const int AuthShortAdminKey = 1013;

        /// <summary><c>auth.default_org</c></summary>
        public const int AuthDefaultOrg = 1014;

        /// <summary><c>http.rejected</c>: a request the web server could not parse, answered with the envelope.</summary>
        public const int HttpRejected = 1015;
    }

    /// <summary>The worker: claiming, recovering and stopping runs. Ids 1100-1199.</summary>
    public static class Worker
    {
        public const int First = 1100;
        public const int Last = 1199;

        /// <summary><c>worker.recovered</c></summary>
        public const int WorkerRecovered = 1100;

        /// <summary><c>worker.error</c></summary>
        public const int WorkerError = 1101;

        /// <summary><c>worker.poll_error</c></summary>
        public const int WorkerPollError = 1102;

        /// <summary><c>worker.requeued</c></summary>
        public const int WorkerRequeued = 1103;

        /// <summary><c>worker.poll_deferred</c></summary>
        public const int WorkerPollDeferred = 1104;
    }

    /// <summary>Trigger hosting: the webhook table, schedules and file watches as the host sees them. Ids 1200-1299.</summary>
    public static class Triggers
    {
        public const int First = 1200;
        public const int Last = 1299;

        /// <summary><c>webhook.rejected</c></summary>
        public const int WebhookRejected = 1200;

        /// <summary><c>webhook.secret_unavailable</c></summary>
        public const int WebhookSecretUnavailable = 1201;

        /// <summary><c>webhook.path_taken</c></summary>
        public const int WebhookPathTaken = 1202;

        /// <summary><c>triggers.loaded</c></summary>
        public const int TriggersLoaded = 1203;

        /// <summary><c>triggers.invalid</c></summary>
        public const int TriggersInvalid = 1204;

        /// <summary><c>triggers.refresh_failed</c></summary>
        public const int TriggersRefreshFailed = 1205;

        /// <summary><c>trigger.run_started</c></summary>
        public const int TriggerRunStarted = 1206;

        /// <summary><c>trigger.workflow_gone</c></summary>
        public const int TriggerWorkflowGone = 1207;
    }

    /// <summary>The run queue. Ids 1300-1399.</summary>
    public static class Queue
    {
        public const int First = 1300;
        public const int Last = 1399;

        /// <summary><c>queue.purged</c></summary>
        public const int QueuePurged = 1300;
    }

    /// <summary>Operations and observability of requests. Ids 1500-1599.</summary>
    public static class Observability
    {
        public const int First = 1500;
        public const int Last = 1599;

        /// <summary><c>request.debug</c></summary>
        public const int RequestDebug = 1500;

        /// <summary><c>request.debug_refused</c></summary>
        public const int RequestDebugRefused = 1501;
    }

    /// <summary>The retention job. Ids 1600-1699.</summary>
    public static class Retention
    {
        public const int First = 1600;
        public const int Last = 1699;

        /// <summary><c>retention.purged</c></summary>
        public const int RetentionPurged = 1600;

        /// <summary><c>retention.failed</c></summary>
        public const int RetentionFailed = 1601;
    }

    /// <summary>The engine: runs and steps. Ids 2000-2099.</summary>
    public static class Executions
    {
        public const int First = 2000;
        public const int Last = 2099;

        /// <summary><c>execution.start</c></summary>
        public const int ExecutionStart = 2001;

        /// <summary><c>execution.end</c></summary>
        public const int ExecutionEnd = 2002;

        /// <summary><c>step.end</c></summary>
        public const int StepEnd = 2003;

        /// <summary><c>execution.interrupted</c></summary>
        public const int ExecutionInterrupted = 2004;

        /// <summary><c>lease.renew_failed</c></summary>
        public const int LeaseRenewFailed = 2005;

        /// <summary><c>execution.background_failed</c></summary>
        public const int ExecutionBackgroundFailed = 2006;

        /// <summary><c>execution.retry</c></summary>
        public const int ExecutionRetry = 2007;

        /// <summary><c>execution.compensate</c></summary>
        public const int ExecutionCompensate = 2008;
    }

    /// <summary>Secrets, configuration and OAuth connections. Ids 2100-2199.</summary>
    public static class Secrets
    {
        public const int First = 2100;
        public const int Last = 2199;

        /// <summary><c>secret.unreadable</c></summary>
        public const int SecretUnreadable = 2100;

        /// <summary><c>secret.changed</c></summary>
        public const int SecretChanged = 2101;

        /// <summary><c>config.changed</c></summary>
        public const int ConfigChanged = 2102;

        /// <summary><c>oauth.changed</c></summary>
        public const int OauthChanged = 2103;

        /// <summary><c>oauth.token</c></summary>
        public const int OauthToken = 2104;

        /// <summary><c>oauth.token_failed</c></summary>
        public const int OauthTokenFailed = 2105;
    }

    /// <summary>The store: opening, migrations, the writer and the listener. Ids 2200-2299.</summary>
    public static class Storage
    {
        public const int First = 2200;
        public const int Last = 2299;

        /// <summary><c>storage.open</c></summary>
        public const int StorageOpen = 2200;

        /// <summary><c>storage.batch_failed</c></summary>
        public const int StorageBatchFailed = 2201;

        /// <summary><c>storage.write_failed</c></summary>
        public const int StorageWriteFailed = 2202;

        /// <summary><c>storage.migration_applied</c></summary>
        public const int StorageMigrationApplied = 2203;

        /// <summary><c>storage.migration_reverted</c></summary>
        public const int StorageMigrationReverted = 2204;

        /// <summary><c>storage.closed</c></summary>
        public const int StorageClosed = 2205;

        /// <summary><c>storage.writer_stopped</c></summary>
        public const int StorageWriterStopped = 2206;

        /// <summary><c>storage.listener_connected</c></summary>
        public const int StorageListenerConnected = 2207;

        /// <summary><c>storage.listener_failed</c></summary>
        public const int StorageListenerFailed = 2208;

        /// <summary><c>storage.checkpoint_failed</c></summary>
        public const int StorageCheckpointFailed = 2209;

        /// <summary><c>storage.wal_checkpoints</c></summary>
        public const int StorageWalCheckpoints = 2210;
    }

    /// <summary>HTTPS and client certificates. Ids 2400-2499.</summary>
    public static class Tls
    {
        public const int First = 2400;
        public const int Last = 2499;

        /// <summary><c>tls.client_rejected</c></summary>
        public const int TlsClientRejected = 2400;
    }

    /// <summary>Resilience: circuit breakers. Ids 3000-3099.</summary>
    public static class Resilience
    {
        public const int First = 3000;
        public const int Last = 3099;

        /// <summary><c>circuit breaker state changed</c></summary>
        public const int CircuitBreakerStateChanged = 3001;
    }

    /// <summary>Schedules and file watches in the engine. Ids 5000-5099.</summary>
    public static class Schedules
    {
        public const int First = 5000;
        public const int Last = 5099;

        /// <summary><c>schedule.fired</c></summary>
        public const int ScheduleFired = 5001;

        /// <summary><c>schedule.state_failed</c></summary>
        public const int ScheduleStateFailed = 5002;

        /// <summary><c>trigger.start_failed</c></summary>
        public const int TriggerStartFailed = 5003;

        /// <summary><c>schedule.added</c></summary>
        public const int ScheduleAdded = 5004;

        /// <summary><c>schedule.removed</c></summary>
        public const int ScheduleRemoved = 5005;

        /// <summary><c>file_watch.started</c></summary>
        public const int FileWatchStarted = 5011;

        /// <summary><c>file_watch.folder_missing</c></summary>
        public const int FileWatchFolderMissing = 5012;

        /// <summary><c>file_watch.error</c></summary>
        public const int FileWatchError = 5013;

        /// <summary><c>file_watch.event</c></summary>
        public const int FileWatchEvent = 5014;
    }

    /// <summary>JWT validation: signing keys from JWKS. Ids 6100-6199.</summary>
    public static class Jwt
    {
        public const int First = 6100;
        public const int Last = 6199;

        /// <summary><c>jwks.fetched</c></summary>
        public const int JwksFetched = 6100;

        /// <summary><c>jwks.fetch_failed</c></summary>
        public const int JwksFetchFailed = 6101;
    }

    /// <summary>Records and the query language (7000-7049 query, 7050-7099 records). Ids 7000-7099.</summary>
    public static class Records
    {
        public const int First = 7000;
        public const int Last = 7099;

        /// <summary><c>query.run</c></summary>
        public const int QueryRun = 7000;

        /// <summary><c>query.timeout</c></summary>
        public const int QueryTimeout = 7001;

        /// <summary><c>query.failed</c></summary>
        public const int QueryFailed = 7002;

        /// <summary><c>record.created</c></summary>
        public const int RecordCreated = 7050;

        /// <summary><c>record.settled</c></summary>
        public const int RecordSettled = 7051;

        /// <summary><c>record.still_processing</c></summary>
        public const int RecordStillProcessing = 7052;

        /// <summary><c>record.settle_deferred</c></summary>
        public const int RecordSettleDeferred = 7053;

        /// <summary><c>record.process_on_arrival_failed</c></summary>
        public const int RecordProcessOnArrivalFailed = 7054;
    }

    /// <summary>The dashboard and its live event streams. Ids 7100-7199.</summary>
    public static class Dashboard
    {
        public const int First = 7100;
        public const int Last = 7199;

        /// <summary><c>events.stream_open</c></summary>
        public const int EventsStreamOpen = 7100;

        /// <summary><c>events.stream_refused</c></summary>
        public const int EventsStreamRefused = 7101;
    }

    /// <summary>The code-first workspace (7250-7259 data providers). Ids 7200-7299.</summary>
    public static class Workspace
    {
        public const int First = 7200;
        public const int Last = 7299;

        /// <summary><c>workspace.built</c></summary>
        public const int WorkspaceBuilt = 7200;

        /// <summary><c>workspace.build_failed</c></summary>
        public const int WorkspaceBuildFailed = 7201;

        /// <summary><c>workspace.unreadable</c></summary>
        public const int WorkspaceUnreadable = 7202;

        /// <summary><c>workspace.deploy_failed</c></summary>
        public const int WorkspaceDeployFailed = 7203;

        /// <summary><c>workspace.watching</c></summary>
        public const int WorkspaceWatching = 7204;

        /// <summary><c>workspace.published</c></summary>
        public const int WorkspacePublished = 7205;

        /// <summary><c>workspace.plugin_failed</c></summary>
        public const int WorkspacePluginFailed = 7206;

        /// <summary><c>workspace.plugin_loaded</c></summary>
        public const int WorkspacePluginLoaded = 7207;

        /// <summary><c>workspace.restored</c></summary>
        public const int WorkspaceRestored = 7208;

        /// <summary><c>workspace.restore_failed</c></summary>
        public const int WorkspaceRestoreFailed = 7209;

        /// <summary><c>data_provider.log</c></summary>
        public const int DataProviderLog = 7250;

        /// <summary><c>data_provider.failed</c></summary>
        public const int DataProviderFailed = 7251;
    }

    /// <summary>Agents, signals and approvals. Ids 7300-7399.</summary>
    public static class Agents
    {
        public const int First = 7300;
        public const int Last = 7399;

        /// <summary><c>execution.parked</c></summary>
        public const int ExecutionParked = 7300;

        /// <summary><c>signal.delivered</c></summary>
        public const int SignalDelivered = 7310;

        /// <summary><c>signal.refused</c></summary>
        public const int SignalRefused = 7311;

        /// <summary><c>approval_link.refused</c></summary>
        public const int ApprovalLinkRefused = 7312;

        /// <summary><c>agent.turn</c></summary>
        public const int AgentTurn = 7320;

        /// <summary><c>agent.tool_failed</c></summary>
        public const int AgentToolFailed = 7321;

        /// <summary><c>agent.failed</c></summary>
        public const int AgentFailed = 7322;
    }

    /// <summary>Webhooks, integrations and circuit breaker administration. Ids 7400-7499.</summary>
    public static class Webhooks
    {
        public const int First = 7400;
        public const int Last = 7499;

        /// <summary><c>circuit_breaker.reset</c></summary>
        public const int CircuitBreakerReset = 7400;

        /// <summary><c>webhook.address_refused</c></summary>
        public const int WebhookAddressRefused = 7401;

        /// <summary><c>webhook.response_failed</c></summary>
        public const int WebhookResponseFailed = 7402;
    }

    /// <summary>Hosting (reserved for issue 13 follow-ups). Ids 7500-7599.</summary>
    public static class Hosting
    {
        public const int First = 7500;
        public const int Last = 7599;
    }

    /// <summary>Operations (reserved, issue 20). Ids 7600-7699.</summary>
    public static class Operations
    {
        public const int First = 7600;
        public const int Last = 7699;

        /// <summary><c>database.ping_failed</c></summary>
        public const int DatabasePingFailed = 7600;

        /// <summary><c>database.ping_ok</c></summary>
        public const int DatabasePingOk = 7601;

        /// <summary><c>profile.taken</c></summary>
        public const int ProfileTaken = 7660;
    }

    /// <summary>Reliability (reserved, issue 21). Ids 7700-7799.</summary>
    public static class Reliability
    {
        public const int First = 7700;
        public const int Last = 7799;

        /// <summary><c>recovery.own_leases_ended</c></summary>
        public const int RecoveryOwnLeasesEnded = 7700;

        /// <summary><c>recovery.node_shared</c></summary>
        public const int RecoveryNodeShared = 7701;

        /// <summary><c>store.fault</c></summary>
        public const int StoreFault = 7702;

        /// <summary><c>store.recovered</c></summary>
        public const int StoreRecovered = 7703;
    }

    /// <summary>Performance (reserved, issue 19). Ids 7800-7899.</summary>
    public static class Performance
    {
        public const int First = 7800;
        public const int Last = 7899;
    }
}
