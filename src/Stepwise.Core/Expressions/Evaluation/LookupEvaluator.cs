using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// <c>config.key</c> or <c>secrets.name</c>: a missing entry fails with the organization-level message, except a
/// config key on the left of <c>??</c> (<paramref name="missingIsNull"/>), where missing means "use the default".
/// </summary>
internal sealed class LookupEvaluator(string name, bool isSecret, bool missingIsNull = false) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var lookup = isSecret ? frame.Scope.Secrets : frame.Scope.Config;
        if (lookup is not null && lookup.TryGet(name, out var value))
        {
            if (isSecret && JsonValues.TryGetString(value, out var secret) && secret.Length > 0)
            {
                (frame.SecretsRead ??= []).Add(secret);
                frame.Scope.Taint?.AddSecret(secret);
            }

            return value;
        }

        if (missingIsNull)
        {
            return null;
        }

        return frame.FailStandalone(isSecret ? ExpressionMessages.SecretNotFound(name) : ExpressionMessages.ConfigurationKeyNotFound(name));
    }
}
