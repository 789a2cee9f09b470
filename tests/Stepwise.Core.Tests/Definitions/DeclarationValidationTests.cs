using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Param declarations and triggers.</summary>
public sealed class DeclarationValidationTests
{
    private const string OneNode = "nodes:\n  - { id: a, type: log, with: { message: x } }\n";

    [Fact]
    public void Load_Params_ReadWithTypesAndDefaults()
    {
        var definition = Valid($$"""
            name: w
            params:
              - { name: email, type: email, label: User email, required: true, pattern: "^[^@]+@[^@]+$" }
              - { name: n, type: int, default: 3 }
              - { name: plain }
              - { name: scope, type: select, options: [all, active], default: active }
              - { name: dept, type: select, data_provider: get_departments }
            {{OneNode}}
            """);

        Assert.Equal(5, definition.Params.Count);
        var email = definition.Params[0];
        Assert.Equal(ParamType.Email, email.Type);
        Assert.Equal("User email", email.Label);
        Assert.True(email.Required);
        Assert.Equal("^[^@]+@[^@]+$", email.Pattern);
        Assert.Equal(3L, definition.Params[1].Default!.GetValue<long>());
        Assert.Equal(ParamType.String, definition.Params[2].Type);
        Assert.Equal(["all", "active"], definition.Params[3].Options!);
        Assert.Equal("get_departments", definition.Params[4].DataProvider);
        Assert.Equal(3, email.Location!.Line);
    }

    [Theory]
    [InlineData("[{ name: email }, { name: email, type: email }]", "Param 1 (email): duplicate parameter 'email'")]
    [InlineData("[{ name: n, type: integer }]", "Param 0 (n): unknown type 'integer'")]
    [InlineData("[{ name: n, type: strng }]", "Param 0 (n): unknown type 'strng'; did you mean 'string'?")]
    [InlineData("[{ type: int }]", "Param 0: Missing required field: name")]
    [InlineData("[{ name: 2fast }]", "Param 0 (2fast): name must be letters, digits and _ (not starting with a digit), at most 64 characters, got '2fast'")]
    [InlineData("[{ name: n, type: int, default: abc }]", "Param 0 (n): default does not fit type int: expected an integer, got 'abc'")]
    [InlineData("[{ name: d, type: date, default: '31.01.2024' }]", "Param 0 (d): default does not fit type date: expected a date like 2024-01-31, got '31.01.2024'")]
    [InlineData("[{ name: s, type: select, options: [a, b], default: c }]", "Param 0 (s): default does not fit type select: 'c' is not one of: a, b")]
    [InlineData("[{ name: s, pattern: '^[a-z]+$', default: ABC }]", "Param 0 (s): default does not fit type string: does not match pattern '^[a-z]+$'")]
    [InlineData("[{ name: s, pattern: '([a-z' }]", "Param 0 (s): pattern is not a valid regular expression")]
    [InlineData("[{ name: n, type: int, pattern: '^1' }]", "Param 0 (n): pattern applies only to text params")]
    [InlineData("[{ name: s, type: select }]", "Param 0 (s): a select param needs options or data_provider")]
    [InlineData("[{ name: s, type: select, options: [] }]", "Param 0 (s): options must list at least one value")]
    [InlineData("[{ name: s, type: select, options: [1, 2] }]", "Param 0 (s): options must be strings, got 1 (quote it)")]
    [InlineData("[{ name: s, options: [a] }]", "Param 0 (s): options apply only to select params")]
    [InlineData("[{ name: s, data_provider: x }]", "Param 0 (s): data_provider applies only to select params")]
    [InlineData("[{ name: s, required: maybe }]", "Param 0 (s): required must be true or false, got 'maybe'")]
    [InlineData("[{ name: s, lable: x }]", "Param 0 (s): unknown field 'lable'; did you mean 'label'?")]
    [InlineData("[email]", "Param 0 must be a mapping with name and type, got 'email'")]
    public void Load_BadParamDeclaration_Reported(string parameters, string message)
    {
        var errors = Errors($"name: w\nparams: {parameters}\n{OneNode}");

        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Triggers_ReadIntoTheirRecords()
    {
        var definition = Valid($$$"""
            name: w
            params:
              - { name: scope, type: select, options: [all, active], default: active }
            triggers:
              - type: manual
              - { type: webhook, path: /orders/new, respond: sync, secret: "${{ secrets.hook }}" }
              - { type: webhook, path: other }
              - { type: schedule, cron: "0 */5 * * * *", timezone: Europe/Berlin, params: { scope: all } }
              - { type: schedule, cron: "30 2 * * *" }
              - { type: file_watch, path: ./inbox, pattern: "*.csv", events: [created, deleted] }
              - { type: file_watch, path: ./drop }
            {{{OneNode}}}
            """);

        Assert.IsType<ManualTrigger>(definition.Triggers[0]);
        var hook = Assert.IsType<WebhookTrigger>(definition.Triggers[1]);
        Assert.Equal("orders/new", hook.Path);
        Assert.Equal(WebhookResponse.Sync, hook.Respond);
        Assert.False(hook.Secret!.IsConstant);
        Assert.Equal(WebhookResponse.Async, Assert.IsType<WebhookTrigger>(definition.Triggers[2]).Respond);
        var schedule = Assert.IsType<ScheduleTrigger>(definition.Triggers[3]);
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
        Assert.Equal("""{"scope":"all"}""", schedule.Params.ToJsonString());
        Assert.Equal("UTC", Assert.IsType<ScheduleTrigger>(definition.Triggers[4]).TimeZone);
        var watch = Assert.IsType<FileWatchTrigger>(definition.Triggers[5]);
        Assert.Equal(FileWatchEvents.Created | FileWatchEvents.Deleted, watch.Events);
        Assert.Equal("*.csv", watch.Pattern);
        var defaults = Assert.IsType<FileWatchTrigger>(definition.Triggers[6]);
        Assert.Equal(FileWatchEvents.Created, defaults.Events);
        Assert.Equal("*", defaults.Pattern);
    }

    [Theory]
    [InlineData("{ type: hook }", "Trigger 0 (hook): unknown trigger type 'hook'")]
    [InlineData("{ type: shedule, cron: '* * * * *' }", "Trigger 0 (shedule): unknown trigger type 'shedule'; did you mean 'schedule'?")]
    [InlineData("{ path: x }", "Trigger 0: Missing required field: type")]
    [InlineData("{ type: manual, path: x }", "Trigger 0 (manual): unknown field 'path'")]
    [InlineData("{ type: webhook }", "Trigger 0 (webhook): Missing required field: path")]
    [InlineData("{ type: webhook, path: 'a b' }", "Trigger 0 (webhook): path must be a URL path like 'greet'")]
    [InlineData("{ type: webhook, path: '../etc' }", "Trigger 0 (webhook): path must be a URL path like 'greet'")]
    [InlineData("{ type: webhook, path: x, respond: later }", "Trigger 0 (webhook): respond must be sync or async, got 'later'")]
    [InlineData("{ type: webhook, path: x, secret: '${{ secrets. }}' }", "Trigger 0 (webhook): secret: ")]
    [InlineData("{ type: webhook, path: x, secret: '${{ 1 + 2 }}' }", "Trigger 0 (webhook): secret must be a string, got int")]
    [InlineData("{ type: webhook, path: x, sercet: y }", "Trigger 0 (webhook): unknown field 'sercet'; did you mean 'secret'?")]
    [InlineData("{ type: schedule }", "Trigger 0 (schedule): Missing required field: cron")]
    [InlineData("{ type: schedule, cron: '* * *' }", "Trigger 0 (schedule): cron must have 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, got 3")]
    [InlineData("{ type: schedule, cron: '99 * * * *' }", "Trigger 0 (schedule): invalid cron '99 * * * *': ")]
    [InlineData("{ type: schedule, cron: '* * * * * 61' }", "Trigger 0 (schedule): invalid cron '* * * * * 61'")]
    [InlineData("{ type: schedule, cron: '@fortnightly' }", "Trigger 0 (schedule): unknown cron macro '@fortnightly'")]
    [InlineData("{ type: schedule, cron: '*/0 * * * *' }", "Trigger 0 (schedule): invalid cron '*/0 * * * *': minute field '*/0': the step 0 is out of range")]
    [InlineData("{ type: schedule, cron: '0 50-10 * * *' }", "Trigger 0 (schedule): invalid cron '0 50-10 * * *': hour field '50-10': 50 is out of range 0-23")]
    [InlineData("{ type: schedule, cron: '0 20-10 * * *' }", "Trigger 0 (schedule): invalid cron '0 20-10 * * *': hour field '20-10': the range 20-10 is reversed")]
    [InlineData("{ type: schedule, cron: '0 * * * *', timezone: Mars/Olympus }", "Trigger 0 (schedule): unknown time zone 'Mars/Olympus'; use an IANA name like Europe/Berlin or UTC")]
    [InlineData("{ type: schedule, cron: '0 * * * *', timezone: '../../etc/passwd' }", "Trigger 0 (schedule): unknown time zone '../../etc/passwd'")]
    [InlineData("{ type: schedule, cron: '0 * * * *', params: [1] }", "Trigger 0 (schedule): params must be a mapping, got a list")]
    [InlineData("{ type: schedule, cron: '0 * * * *', params: { nope: 1 } }", "Trigger 0 (schedule): Unknown parameter 'nope'")]
    [InlineData("{ type: file_watch }", "Trigger 0 (file_watch): Missing required field: path")]
    [InlineData("{ type: file_watch, path: x, events: [created, moved] }", "Trigger 0 (file_watch): events must be created, changed or deleted, got 'moved'")]
    [InlineData("{ type: file_watch, path: x, events: [] }", "Trigger 0 (file_watch): events must list at least one of created, changed, deleted")]
    [InlineData("{ type: file_watch, path: x, pattern: 'a/*.csv' }", "Trigger 0 (file_watch): pattern must be a file name pattern like *.csv, got 'a/*.csv'")]
    [InlineData("webhook", "Trigger 0 must be a mapping with a type, got 'webhook'")]
    [InlineData("{ type: webhook, path: x, signature: github }", "Trigger 0 (webhook): signature needs a secret to check it against")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: gitlab }", "Trigger 0 (webhook): signature must be one of hmac, github, stripe, slack, got 'gitlab'")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: [github] }", "Trigger 0 (webhook): signature must be hmac, github, stripe, slack or a mapping with a type, got a list")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: hmac, algorithm: md5 } }", "Trigger 0 (webhook): signature.algorithm must be one of sha1, sha256, sha512, got 'md5'")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: hmac, encoding: base32 } }", "Trigger 0 (webhook): signature.encoding must be hex or base64, got 'base32'")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: hmac, header: 'X Sig' } }", "Trigger 0 (webhook): signature.header must be an HTTP header name like X-Signature, got 'X Sig'")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: github, header: X-Other } }", "Trigger 0 (webhook): signature.header is fixed by the github scheme; use type: hmac to choose it")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: hmac, tolerance: 1m } }", "Trigger 0 (webhook): signature.tolerance applies to stripe and slack signatures")]
    [InlineData("{ type: webhook, path: x, secret: s, signature: { type: stripe, tolerence: 1m } }", "Trigger 0 (webhook): unknown field 'signature.tolerence'; did you mean 'signature.tolerance'?")]
    public void Load_BadTrigger_Reported(string trigger, string message)
    {
        var errors = Errors($"name: w\ntriggers:\n  - {trigger}\n{OneNode}");

        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WebhookSignatures_PresetsFixTheirFormatAndHmacTakesItsOwn()
    {
        var definition = Valid($$$"""
            name: w
            triggers:
              - { type: webhook, path: plain, secret: s }
              - { type: webhook, path: gh, secret: s, signature: github }
              - { type: webhook, path: stripe, secret: s, signature: { type: stripe, tolerance: 10m } }
              - { type: webhook, path: slack, secret: s, signature: slack }
              - { type: webhook, path: shop, secret: s, signature: { header: X-Shopify-Hmac-Sha256, encoding: base64 } }
              - { type: webhook, path: legacy, secret: s, signature: { algorithm: sha1 } }
              - { type: webhook, path: open }
            {{{OneNode}}}
            """);

        var schemes = definition.Triggers.Cast<WebhookTrigger>().Select(t => t.Signature).ToList();
        Assert.Equal(WebhookSignatureScheme.Default, schemes[0]);
        Assert.Equal(("X-Hub-Signature-256", "sha256=", "hex"), (schemes[1]!.Header, schemes[1]!.Prefix, schemes[1]!.Encoding));
        Assert.Equal((WebhookSignatureKind.Stripe, TimeSpan.FromMinutes(10)), (schemes[2]!.Kind, schemes[2]!.Tolerance));
        Assert.Equal((WebhookSignatureKind.Slack, TimeSpan.FromMinutes(5)), (schemes[3]!.Kind, schemes[3]!.Tolerance));
        Assert.Equal(("X-Shopify-Hmac-Sha256", "", "sha256", "base64"), (schemes[4]!.Header, schemes[4]!.Prefix, schemes[4]!.Algorithm, schemes[4]!.Encoding));
        Assert.Equal(("X-Signature", "sha1=", "sha1"), (schemes[5]!.Header, schemes[5]!.Prefix, schemes[5]!.Algorithm));
        Assert.Null(schemes[6]);
    }

    [Fact]
    public void Load_ScheduleParams_CheckedAgainstTheWorkflowParams()
    {
        var errors = Errors($$"""
            name: w
            params:
              - { name: n, type: int, required: true }
              - { name: mode, type: select, options: [a, b] }
            triggers:
              - { type: schedule, cron: "0 * * * *", params: { mode: c } }
            {{OneNode}}
            """);

        Assert.Contains("Trigger 0 (schedule): Missing required parameter: n", errors);
        Assert.Contains("Trigger 0 (schedule): Parameter 'mode' validation failed: 'c' is not one of: a, b", errors);
    }

    [Fact]
    public void Load_DuplicateWebhookPath_Reported() =>
        Assert.Contains(
            "Trigger 1 (webhook): duplicate webhook path 'x'",
            Errors($"name: w\ntriggers:\n  - {{ type: webhook, path: x }}\n  - {{ type: webhook, path: /x }}\n{OneNode}"));

    [Fact]
    public void Load_ScheduleParams_DetachedFromTheDocument()
    {
        var definition = Valid($"name: w\nparams: [{{ name: a }}]\ntriggers:\n  - {{ type: schedule, cron: '* * * * *', params: {{ a: x }} }}\n{OneNode}");
        var copy = new JsonObject { ["p"] = ((ScheduleTrigger)definition.Triggers[0]).Params };

        Assert.Equal("""{"p":{"a":"x"}}""", copy.ToJsonString());
    }
}
