using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Runs a child workflow for a step attempt. The child's id is derived from the parent's id, the step and the
    /// attempt, so a parent resumed after a crash finds the child it had started instead of starting another one.
    /// </summary>
    private async ValueTask<ActionResult> RunChildAsync(
        string workflow, JsonObject input, bool wait, string stepId, int attempt, CancellationToken token)
    {
        var childId = ChildId(_execution.Id, stepId, attempt);
        var child = await _engine.Store.GetExecutionAsync(childId, token).ConfigureAwait(false);
        if (child is null)
        {
            var resolved = await _engine.Resolver.GetLatestAsync(_execution.OrgId, workflow, token).ConfigureAwait(false);
            if (resolved is null)
            {
                return ActionResult.Failure($"workflow '{workflow}' not found", "WORKFLOW_NOT_FOUND", retryable: false);
            }

            var validated = ParamValidator.Validate(resolved.Definition.Params, input);
            if (!validated.IsValid)
            {
                return ActionResult.Failure(
                    $"workflow '{workflow}': {string.Join("; ", validated.Errors)}", "INVALID_PARAMS", retryable: false);
            }

            child = await _engine.CreateCheckedExecutionAsync(resolved, validated, new RunOptions
            {
                ExecutionId = childId,
                OrgId = _execution.OrgId,
                ParentExecutionId = _execution.Id,
                ParentStepId = stepId,
            }, token).ConfigureAwait(false);
        }

        if (!wait)
        {
            if (!child.IsFinished)
            {
                _engine.RunInBackground(child.Id);
            }

            return ActionResult.Success(new JsonObject { ["execution_id"] = child.Id });
        }

        var finished = child.IsFinished
            ? child
            : await _engine.RunExecutionAsync(child.Id, _hostToken, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Child execution '{child.Id}' disappeared");
        if (!finished.IsFinished)
        {
            // The child waits (an approval) or another node runs it: this run parks too and looks again later,
            // holding no worker meanwhile.
            throw new Signals.RunSuspendedException(null, Time.GetUtcNow() + ChildPollInterval);
        }

        return finished.Status == ExecutionStatus.Succeeded
            ? ActionResult.Success(finished.Output?.DeepClone())
            : ActionResult.Failure(
                $"workflow '{workflow}' {StatusText.ToText(finished.Status)}: {finished.Error}",
                "CHILD_" + StatusText.ToText(finished.Status).ToUpperInvariant(),
                retryable: finished.Status is ExecutionStatus.TimedOut);
    }

    private static readonly TimeSpan ChildPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>A GUID derived from parent, step and attempt (RFC 9562 version 8): stable, and safe in URLs.</summary>
    internal static string ChildId(string parentId, string stepId, int attempt)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{parentId}\n{stepId}\n{attempt}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
