using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Templates;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions;

/// <summary>
/// A value from a definition that may hold expressions anywhere inside (a node's <c>with:</c>, <c>when:</c>,
/// <c>output:</c>): literals stay literals, <c>"${{ e }}"</c> is a typed value, <c>"a ${{ e }} b"</c> is interpolated
/// text, and objects and arrays are templates of their members. Compiled once; evaluated per attempt.
/// </summary>
public sealed class ValueTemplate
{
    private readonly TemplatePart _root;

    private ValueTemplate(JsonNode? raw, TemplatePart root, IReadOnlyList<CompiledExpression> expressions)
    {
        Raw = raw;
        _root = root;
        Expressions = expressions;
    }

    /// <summary>The value as written in the definition.</summary>
    public JsonNode? Raw { get; }

    /// <summary>True when the template holds no expression (its value is <see cref="Raw"/>).</summary>
    public bool IsConstant => _root is ConstantPart;

    /// <summary>Every expression inside, in document order.</summary>
    public IReadOnlyList<CompiledExpression> Expressions { get; }

    /// <summary>True when an expression inside reads <c>secrets.x</c> (see <see cref="CompiledExpression.UsesSecrets"/>).</summary>
    public bool UsesSecrets => Expressions.Any(expression => expression.UsesSecrets);

    /// <summary>
    /// Compiles a raw value. Each syntax error is reported with the string scalar of <paramref name="raw"/> it is
    /// in (so loaders can map it to a file position) and the error's offset within that string.
    /// </summary>
    public static ValueTemplate Compile(JsonNode? raw, Action<JsonNode?, ExpressionError> onError)
    {
        ArgumentNullException.ThrowIfNull(onError);
        var compiler = new TemplateCompiler(onError);
        var root = compiler.Compile(raw);
        return new ValueTemplate(raw, root, compiler.Expressions);
    }

    /// <summary>Type-checks every expression; returns the static type of the whole value.</summary>
    public DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(onError);
        return _root.Check(scope, onError);
    }

    /// <summary>Evaluates into a fresh JSON value (never shares nodes with the scope), or the first error.</summary>
    public EvaluationResult Evaluate(EvaluationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _root.Evaluate(scope);
    }

    /// <summary>The template as JSON with each expression's parsed tree, for <c>stepwise parse</c>.</summary>
    public JsonNode? ToSyntaxTree() => _root.ToSyntaxTree();
}
