using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions;

/// <summary>
/// One parsed <c>${{ }}</c> expression: immutable and thread-safe, parsed once per definition version and
/// evaluated many times without re-parsing.
/// </summary>
public sealed class CompiledExpression
{
    private readonly SyntaxNode _tree;
    private readonly Evaluator _root;
    private readonly int _slotCount;
    private readonly bool _usesSecrets;
    private readonly string _display;

    private CompiledExpression(string source, SyntaxNode tree)
    {
        Source = source;
        _tree = tree;
        _root = ExpressionCompiler.Compile(tree, out _slotCount, out _usesSecrets);
        _display = "${{ " + source.Trim() + " }}";
    }

    /// <summary>The text between <c>${{</c> and <c>}}</c>.</summary>
    public string Source { get; }

    /// <summary>
    /// True when the expression reads <c>secrets.x</c>: its value may hold a secret, so whoever records it (step
    /// inputs, logs) must redact it. Error messages are redacted already.
    /// </summary>
    public bool UsesSecrets => _usesSecrets;

    /// <summary>The limit on <see cref="Source"/>'s length.</summary>
    public static int MaxLength => Parser.MaxLength;

    /// <summary>The limit on nesting (parentheses, brackets, braces, calls, unary operators).</summary>
    public static int MaxDepth => Parser.MaxDepth;

    /// <summary>Parses; returns null and adds errors when the text is not a valid expression.</summary>
    public static CompiledExpression? Parse(string source, ICollection<ExpressionError> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        var tree = Parser.Parse(source, out var error);
        if (tree is null)
        {
            errors.Add(error);
            return null;
        }

        return new CompiledExpression(source, tree);
    }

    /// <summary>Type-checks against a scope; adds scope, type and function errors; returns the inferred type.</summary>
    public DataType Check(TypeScope scope, ICollection<ExpressionError> errors)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(errors);
        return TypeChecker.Check(_tree, Source, scope, errors);
    }

    /// <summary>
    /// Evaluates. The value belongs to the caller (never shared with the scope or another evaluation); a run-time
    /// problem is an error result naming the expression, never an exception.
    /// </summary>
    public EvaluationResult Evaluate(EvaluationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var frame = new EvaluationFrame(scope, _slotCount == 0 ? null : new JsonNode?[_slotCount]);
        var value = _root.EvaluateOwned(ref frame);
        return frame.Failed ? EvaluationResult.Fail(DescribeError(frame), frame.ErrorStandsAlone) : EvaluationResult.Ok(value);
    }

    /// <summary>Evaluates without copying the result: for callers that only read it (interpolation).</summary>
    internal EvaluationResult EvaluateShared(EvaluationScope scope)
    {
        var frame = new EvaluationFrame(scope, _slotCount == 0 ? null : new JsonNode?[_slotCount]);
        var value = _root.Evaluate(ref frame);
        return frame.Failed ? EvaluationResult.Fail(DescribeError(frame), frame.ErrorStandsAlone) : EvaluationResult.Ok(value);
    }

    /// <summary>The parsed tree as JSON, for <c>stepwise parse</c>.</summary>
    public JsonNode ToSyntaxTree() => SyntaxTreeWriter.Write(_tree);

    /// <inheritdoc />
    public override string ToString() => _display;

    private string DescribeError(in EvaluationFrame frame)
    {
        var message = frame.ErrorStandsAlone ? frame.Error! : $"{frame.Error} in '{_display}'";
        foreach (var secret in frame.SecretsRead ?? [])
        {
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        }

        // A value derived from a secret (upper-cased, decoded...) may be quoted by the error as well.
        return frame.Scope.Taint?.Redact(message) ?? message;
    }
}
