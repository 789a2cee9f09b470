using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>config.key</c> or <c>secrets.name</c>: a missing entry fails with the organization-level message.</summary>
internal sealed class LookupEvaluator(string name, bool isSecret) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var lookup = isSecret ? frame.Scope.Secrets : frame.Scope.Config;
        if (lookup is not null && lookup.TryGet(name, out var value))
        {
            if (isSecret && JsonValues.TryGetString(value, out var secret) && secret.Length > 0)
            {
                (frame.SecretsRead ??= []).Add(secret);
            }

            return value;
        }

        return frame.FailStandalone(isSecret ? ExpressionMessages.SecretNotFound(name) : ExpressionMessages.ConfigurationKeyNotFound(name));
    }
}
