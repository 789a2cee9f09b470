using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>One built-in function: arity, how it types its call, and what it does.</summary>
internal sealed class FunctionDefinition
{
    public required string Name { get; init; }

    public required int MinArguments { get; init; }

    /// <summary>Null for variadic functions.</summary>
    public required int? MaxArguments { get; init; }

    /// <summary>A call's static type from its argument types; reports argument errors through the context.</summary>
    public required Func<FunctionCheck, DataType> Check { get; init; }

    public required FunctionBody Body { get; init; }

    /// <summary>The argument position that must be a lambda (map, filter...), or -1.</summary>
    public int LambdaPosition { get; init; } = -1;

    /// <summary>How many parameters the lambda may declare: 1, or 2 when it also receives the index.</summary>
    public int LambdaMaxParameters { get; init; } = 2;

    /// <summary>False when the result may be one of the arguments (coalesce, min, max...), which callers then clone.</summary>
    public bool ResultIsFresh { get; init; } = true;

    /// <summary>How a secret in the arguments reaches the result (<see cref="SecretFlow.Derives"/> unless said).</summary>
    public SecretFlow Secrets { get; init; } = SecretFlow.Derives;

    /// <summary>A one-line signature for docs and messages, e.g. <c>upper(string) -&gt; string</c>.</summary>
    public required string Signature { get; init; }
}
