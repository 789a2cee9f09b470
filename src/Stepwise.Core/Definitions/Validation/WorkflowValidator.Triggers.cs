using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Triggers;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private static readonly string[] TriggerTypes = ["manual", "webhook", "schedule", "file_watch"];

    private static readonly Dictionary<string, string[]> TriggerFields = new(StringComparer.Ordinal)
    {
        ["manual"] = ["type"],
        ["webhook"] = ["type", "path", "respond", "secret", "signature", "allow_ips", "response"],
        ["schedule"] = ["type", "cron", "timezone", "params"],
        ["file_watch"] = ["type", "path", "pattern", "events"],
    };

    private static readonly string[] FileEvents = ["created", "changed", "deleted"];

    private static readonly string[] ResponseFields = ["status", "headers", "body"];

    /// <summary>The <c>response</c> templates of sync webhooks, checked once every node's output type is known.</summary>
    private readonly List<(ValueTemplate Template, string Prefix, SourceLocation? Location)> _webhookResponses = [];

    private List<TriggerDefinition> ReadTriggers(FieldReader top, IReadOnlyList<ParamDefinition> parameters)
    {
        var triggers = new List<TriggerDefinition>();
        if (top.List("triggers") is not { } list)
        {
            return triggers;
        }

        var webhookPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject mapping)
            {
                _context.Error($"Trigger {i} must be a mapping with a type, got {JsonText.Describe(list[i])}", _context.Map.OfItem(list, i));
                continue;
            }

            var subject = JsonText.TryGetString(mapping["type"], out var named) ? $"Trigger {i} ({named})" : $"Trigger {i}";
            var fields = new FieldReader(mapping, subject, string.Empty, _context);
            var type = fields.String("type", required: true);
            if (type is null)
            {
                continue;
            }

            if (!TriggerFields.TryGetValue(type, out var known))
            {
                fields.Error($"unknown trigger type '{type}'{Suggestions.Hint(type, TriggerTypes)}; use one of {string.Join(", ", TriggerTypes)}", "type");
                continue;
            }

            fields.CheckFields(known);
            TriggerDefinition? trigger = type switch
            {
                "webhook" => ReadWebhook(fields),
                "schedule" => ReadSchedule(fields, parameters),
                "file_watch" => ReadFileWatch(fields),
                _ => new ManualTrigger(fields.Location),
            };
            if (trigger is WebhookTrigger webhook && !webhookPaths.Add(webhook.Path))
            {
                fields.Error($"duplicate webhook path '{webhook.Path}'", "path");
            }

            if (trigger is not null)
            {
                triggers.Add(trigger);
            }
        }

        return triggers;
    }

    private WebhookTrigger? ReadWebhook(FieldReader fields)
    {
        var path = fields.String("path", required: true)?.TrimStart('/');
        if (path is not null && (!WebhookPathPattern().IsMatch(path) || path.Contains("..", StringComparison.Ordinal)))
        {
            fields.Error($"path must be a URL path like 'greet' or 'orders/new' (letters, digits, _ - . and /, at most 128 characters), got '{path}'", "path");
            path = null;
        }

        var respond = fields.Choice("respond", ["sync", "async"]) == "sync" ? WebhookResponse.Sync : WebhookResponse.Async;
        ValueTemplate? secret = null;
        var secretLocation = fields.Where("secret");
        if (fields.Take("secret") is { } secretRaw)
        {
            var before = _context.Count;
            secret = Compile(secretRaw, $"{fields.Prefix}secret: ", secretLocation);
            if (_context.Count == before)
            {
                var type = secret.Check(new TypeScope(), (scalar, error) => ReportExpression($"{fields.Prefix}secret: ", scalar, error, secretLocation));
                if (type.Kind is not (DataKind.String or DataKind.Any))
                {
                    _context.Error($"{fields.Prefix}secret must be a string, got {type}", secretLocation);
                }
                else if (secret.IsConstant)
                {
                    _context.Warning(
                        $"{fields.Prefix}secret is written in the workflow, where everyone who can read it sees it; store it with "
                        + "'stepwise secrets set' and write secret: ${{ secrets.<name> }}",
                        secretLocation);
                }
            }
        }

        var signature = ReadSignature(fields);
        if (signature is not null && secret is null)
        {
            fields.Error("signature needs a secret to check it against; add secret: ${{ secrets.<name> }}", "signature");
        }

        var allowIps = ReadAllowIps(fields);
        var response = ReadResponse(fields, respond);
        return path is null ? null : new WebhookTrigger(path, respond, secret, fields.Location)
        {
            Signature = secret is null ? null : signature ?? WebhookSignatureScheme.Default,
            AllowIps = allowIps,
            Response = response,
        };
    }

    /// <summary><c>allow_ips: [192.30.252.0/22, 10.0.0.7]</c>: CIDR ranges or single addresses.</summary>
    private List<IPNetwork> ReadAllowIps(FieldReader fields)
    {
        var ranges = new List<IPNetwork>();
        if (fields.List("allow_ips") is not { } list)
        {
            return ranges;
        }

        if (list.Count == 0)
        {
            fields.Error("allow_ips is empty, which would refuse every request; leave it out to accept any address", "allow_ips");
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!JsonText.TryGetString(list[i], out var text) || !IpRanges.TryParse(text, out var range))
            {
                _context.Error(
                    $"{fields.Prefix}allow_ips[{i}]: {JsonText.Describe(list[i])} is not {IpRanges.Expected}",
                    _context.Map.OfItem(list, i));
                continue;
            }

            ranges.Add(range);
        }

        return ranges;
    }

    /// <summary>
    /// <c>response: {status, headers, body}</c> of a sync webhook: templates over the finished run, checked with
    /// every node upstream (like <c>output:</c>). Secrets are refused: a response leaves the server as it is.
    /// </summary>
    private ValueTemplate? ReadResponse(FieldReader fields, WebhookResponse respond)
    {
        var location = fields.Where("response");
        if (fields.SubMapping("response") is not { } mapping)
        {
            return null;
        }

        if (respond != WebhookResponse.Sync)
        {
            fields.Error("response needs respond: sync (an async webhook answers 202 before the run finishes)", "response");
            return null;
        }

        var reader = new FieldReader(mapping, fields.Subject, fields.Path + "response.", _context);
        reader.CheckFields(ResponseFields);
        if (reader.Get("status") is JsonValue status && status.TryGetValue<long>(out var code) && code is < 100 or > 599)
        {
            reader.Error($"response.status must be from 100 to 599, got {code}", "status");
        }

        if (reader.Get("headers") is { } headers && headers is not JsonObject)
        {
            reader.Mismatch("headers", "a mapping of header names to values", headers);
        }

        var before = _context.Count;
        var template = Compile(mapping, $"{fields.Prefix}response: ", location);
        if (_context.Count != before)
        {
            return null;
        }

        if (template.UsesSecrets)
        {
            fields.Error("response cannot read secrets: it is sent to the caller as it is", "response");
            return null;
        }

        _webhookResponses.Add((template, $"{fields.Prefix}response: ", location));
        return template;
    }

    /// <summary><c>signature: github</c>, or a mapping: <c>{type, header, prefix, algorithm, encoding, tolerance}</c>.</summary>
    private WebhookSignatureScheme? ReadSignature(FieldReader fields)
    {
        var raw = fields.Get("signature");
        if (raw is null)
        {
            return null;
        }

        if (JsonText.TryGetString(raw, out _))
        {
            var named = fields.Choice("signature", WebhookSignatureScheme.KindNames);
            return named is null ? null : WebhookSignatureScheme.Preset(Kind(named), WebhookSignatureScheme.DefaultTolerance);
        }

        if (raw is not JsonObject mapping)
        {
            fields.Mismatch("signature", "hmac, github, stripe, slack or a mapping with a type", raw);
            return null;
        }

        var scheme = new FieldReader(mapping, fields.Subject, fields.Path + "signature.", _context);
        scheme.CheckFields(["type", "header", "prefix", "algorithm", "encoding", "tolerance"]);
        var type = scheme.Choice("type", WebhookSignatureScheme.KindNames) ?? "hmac";
        var kind = Kind(type);
        var tolerance = scheme.Duration("tolerance") ?? WebhookSignatureScheme.DefaultTolerance;
        if (kind is not (WebhookSignatureKind.Stripe or WebhookSignatureKind.Slack) && scheme.Has("tolerance"))
        {
            scheme.Error($"signature.tolerance applies to stripe and slack signatures (they sign a timestamp), not {type}", "tolerance");
        }

        var preset = WebhookSignatureScheme.Preset(kind, tolerance);
        if (kind != WebhookSignatureKind.Hmac)
        {
            foreach (var fixedField in (string[])["header", "prefix", "algorithm", "encoding"])
            {
                if (scheme.Has(fixedField))
                {
                    scheme.Error($"signature.{fixedField} is fixed by the {type} scheme; use type: hmac to choose it", fixedField);
                }
            }

            return preset;
        }

        var header = scheme.String("header") ?? preset.Header;
        if (!HeaderNamePattern().IsMatch(header))
        {
            scheme.Error($"signature.header must be an HTTP header name like X-Signature, got '{header}'", "header");
        }

        var algorithm = scheme.Choice("algorithm", WebhookSignatureScheme.Algorithms) ?? preset.Algorithm;
        var encoding = scheme.Choice("encoding", WebhookSignatureScheme.Encodings) ?? preset.Encoding;
        var prefix = scheme.String("prefix") ?? (encoding == "hex" ? algorithm + "=" : string.Empty);
        return new WebhookSignatureScheme(kind, header, prefix, algorithm, encoding, tolerance);
    }

    private static WebhookSignatureKind Kind(string name) => (WebhookSignatureKind)Math.Max(0, WebhookSignatureScheme.KindNames.ToList().IndexOf(name));

    private ScheduleTrigger? ReadSchedule(FieldReader fields, IReadOnlyList<ParamDefinition> parameters)
    {
        var cron = fields.String("cron", required: true);
        if (cron is not null && CronProblem(cron) is { } problem)
        {
            fields.Error(problem, "cron");
            cron = null;
        }

        var timeZone = fields.String("timezone") ?? "UTC";
        if (!IsKnownTimeZone(timeZone))
        {
            fields.Error($"unknown time zone '{timeZone}'; use an IANA name like Europe/Berlin or UTC", "timezone");
        }

        var paramsLocation = fields.Where("params");
        var given = fields.SubMapping("params");
        if (given is not null)
        {
            fields.Take("params");
        }

        foreach (var error in ParamValidator.Validate(parameters, given).Errors)
        {
            _context.Error($"{fields.Prefix}{error}", given is null ? fields.Location : paramsLocation);
        }

        return cron is null ? null : new ScheduleTrigger(cron, timeZone, given ?? [], fields.Location);
    }

    private static FileWatchTrigger? ReadFileWatch(FieldReader fields)
    {
        var path = fields.String("path", required: true);
        if (path is not null && string.IsNullOrWhiteSpace(path))
        {
            fields.Error("path must name a folder, got ''", "path");
            path = null;
        }

        var pattern = fields.String("pattern") ?? "*";
        if (pattern.Length == 0 || pattern.IndexOfAny(['/', '\\']) >= 0)
        {
            fields.Error($"pattern must be a file name pattern like *.csv, got '{pattern}'", "pattern");
        }

        var events = FileWatchEvents.Created;
        if (fields.List("events") is { } list)
        {
            events = FileWatchEvents.None;
            foreach (var item in list)
            {
                events |= JsonText.TryGetString(item, out var name) ? name switch
                {
                    "created" => FileWatchEvents.Created,
                    "changed" => FileWatchEvents.Changed,
                    "deleted" => FileWatchEvents.Deleted,
                    _ => FileWatchEvents.None,
                } : FileWatchEvents.None;
                if (!JsonText.TryGetString(item, out var known) || !FileEvents.Contains(known))
                {
                    fields.Error($"events must be created, changed or deleted, got {JsonText.Describe(item)}", "events");
                }
            }

            if (list.Count == 0)
            {
                fields.Error("events must list at least one of created, changed, deleted", "events");
            }
        }

        return path is null ? null : new FileWatchTrigger(path, pattern, events, fields.Location);
    }

    private static string? CronProblem(string cron) => CronSchedule.Check(cron);

    private static bool IsKnownTimeZone(string id) =>
        TimeZoneIdPattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    [GeneratedRegex(@"^[A-Za-z0-9_\-][A-Za-z0-9_\-./]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex WebhookPathPattern();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeZoneIdPattern();
}
