using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>The shared state of one foreach attempt: the next index to take, the outputs, the first failure.</summary>
internal sealed class ForeachRun(IActionRuntime runtime, JsonArray items, CancellationToken cancellationToken)
{
    private readonly JsonNode?[] _outputs = new JsonNode?[items.Count];
    private int _next = -1;
    private int _failedIndex = int.MaxValue;
    private ActionResult? _failure;
    private readonly Lock _gate = new();

    public async Task WorkAsync()
    {
        while (Volatile.Read(ref _failure) is null && !cancellationToken.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref _next);
            if (index >= _outputs.Length)
            {
                return;
            }

            var result = await runtime
                .RunTemplateAsync(ForeachAction.TemplateInput, index, items[index], cancellationToken)
                .ConfigureAwait(false);
            if (result.Succeeded)
            {
                _outputs[index] = result.Output is { Parent: not null } owned ? owned.DeepClone() : result.Output;
                continue;
            }

            lock (_gate)
            {
                // Report the lowest failed index so the error does not depend on scheduling.
                if (index < _failedIndex)
                {
                    _failedIndex = index;
                    _failure = result;
                }
            }
        }
    }

    public ActionResult Result()
    {
        if (_failure is { } failure)
        {
            return ActionResult.Failure($"item {_failedIndex} failed: {failure.Error}", failure.Code, failure.Retryable);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ActionResult.Success(new JsonArray(_outputs));
    }
}
