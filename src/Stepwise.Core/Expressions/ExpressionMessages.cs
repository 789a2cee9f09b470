using Stepwise.Sdk;

namespace Stepwise.Core.Expressions;

/// <summary>
/// The wording of expression diagnostics, shared with the definitions validator (which reuses
/// <see cref="CannotIterate"/> for a foreach's <c>items</c>). The texts are part of the product: tests pin them.
/// </summary>
public static class ExpressionMessages
{
    public static string UndefinedVariable(string name) => $"undefined variable '{name}'";

    /// <summary>A name declared twice in one scope, such as a lambda's parameters: <c>(x, x) =&gt; x</c>.</summary>
    public static string DuplicateDeclaration(string name) => $"duplicate declaration '{name}'";

    public static string UndefinedFunction(string name) => $"undefined function '{name}'";

    public static string NotAFunction(string name) => $"'{name}' is not a function";

    /// <summary><c>expected 1, got 2</c>; <c>expected 1 to 2</c>; <c>expected at least 1</c>.</summary>
    public static string WrongArgumentCount(string function, int minimum, int? maximum, int actual)
    {
        var expected = maximum switch
        {
            null => $"at least {minimum}",
            _ when maximum == minimum => minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => $"{minimum} to {maximum}",
        };
        return $"wrong number of arguments for '{function}': expected {expected}, got {actual}";
    }

    public static string CannotIterate(DataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"cannot iterate over non-array type '{type}'";
    }

    /// <summary><c>node 'x' is not upstream of 'y'</c>; without a current node (an <c>output:</c>) just <c>... is not upstream</c>.</summary>
    public static string NotUpstream(string node, string? currentNode) =>
        currentNode is null ? $"node '{node}' is not upstream" : $"node '{node}' is not upstream of '{currentNode}'";

    public static string UndefinedNode(string node) => $"undefined node '{node}'";

    public static string TypeMismatch(string op, DataType left, DataType right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return $"type mismatch: cannot apply '{op}' to '{left}' and '{right}'";
    }

    public static string TypeMismatch(string op, DataType operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        return $"type mismatch: cannot apply '{op}' to '{operand}'";
    }

    public static string TooLong(int length, int limit) =>
        $"expression is too long: {length} characters, the limit is {limit}";

    public static string TooDeep(int limit) => $"expression is nested too deeply (limit {limit})";

    /// <summary>For <c>nodes</c>, <c>config</c> and <c>secrets</c> used without a member: they cannot be listed.</summary>
    public static string RootNeedsMember(string root) => root switch
    {
        "nodes" => "'nodes' must be followed by a node id, e.g. nodes.<id>.output",
        "config" => "'config' must be followed by a key, e.g. config.<key>",
        _ => $"'{root}' must be followed by a name, e.g. {root}.<name>",
    };

    public static string ConfigurationKeyNotFound(string key) => $"Configuration key '{key}' not found for organization";

    public static string SecretNotFound(string name) => $"Secret '{name}' not found";
}
