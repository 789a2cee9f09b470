using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Checking;

/// <summary>
/// Infers the static type of a parsed expression in a <see cref="TypeScope"/> and reports every scope, type and
/// function error it finds. After an error the offending part is typed <c>any</c>, so one mistake gives one message.
/// </summary>
internal sealed partial class TypeChecker
{
    private readonly string _source;
    private readonly TypeScope _scope;
    private readonly ICollection<ExpressionError> _errors;
    private readonly List<(string Name, DataType Type)> _locals = [];

    private TypeChecker(string source, TypeScope scope, ICollection<ExpressionError> errors)
    {
        _source = source;
        _scope = scope;
        _errors = errors;
    }

    public static DataType Check(SyntaxNode tree, string source, TypeScope scope, ICollection<ExpressionError> errors) =>
        new TypeChecker(source, scope, errors).Check(tree);

    private DataType Check(SyntaxNode node) => node switch
    {
        LiteralNode literal => RootTypes.OfLiteral(literal.Value),
        IdentifierNode identifier => CheckIdentifier(identifier),
        MemberNode or IndexNode when TryCheckRootMember(node, out var type) => type,
        MemberNode member => CheckMember(member),
        IndexNode index => CheckIndex(index),
        CallNode call => CheckCall(call),
        UnaryNode unary => CheckUnary(unary),
        BinaryNode binary => CheckBinary(binary),
        ConditionalNode conditional => CheckConditional(conditional),
        ArrayNode array => DataType.ArrayOf(array.Items.Count == 0 ? DataType.Any : DataTypes.Unify(array.Items.Select(Check).ToList())),
        ObjectNode obj => DataType.ObjectOf(obj.Members.ToDictionary(member => member.Key, member => Check(member.Value), StringComparer.Ordinal)),
        LambdaNode lambda => Report("lambdas are only allowed as function arguments", lambda, DiagnosticCategory.FunctionError),
        _ => DataType.Any,
    };

    private DataType CheckIdentifier(IdentifierNode identifier)
    {
        if (TryGetLocal(identifier.Name, out var local))
        {
            return local;
        }

        switch (identifier.Name)
        {
            case Roots.Params:
                return RootTypes.Params(_scope.Params);
            case Roots.Execution:
                return RootTypes.Execution;
            case Roots.Org:
                return RootTypes.Org;
            case Roots.Trigger:
                return RootTypes.Trigger;
            case Roots.Config:
                return DataType.AnyObject;
            case Roots.Item when _scope.ItemType is not null:
                return _scope.ItemType;
            case Roots.Index when _scope.ItemType is not null:
                return DataType.Int;
            case var name when Roots.NeedsMember(name):
                return Report(ExpressionMessages.RootNeedsMember(name), identifier, DiagnosticCategory.ScopeError);
            default:
                return Report(ExpressionMessages.UndefinedVariable(identifier.Name), identifier, DiagnosticCategory.ScopeError);
        }
    }

    /// <summary><c>params.x</c>, <c>nodes.id</c>, <c>config.k</c>, <c>secrets.k</c>: members that name declarations, not data.</summary>
    private bool TryCheckRootMember(SyntaxNode node, out DataType type)
    {
        type = DataType.Any;
        if (!ExpressionCompiler.TryGetStaticMember(node, out var target, out var name, out _)
            || target is not IdentifierNode root
            || TryGetLocal(root.Name, out _))
        {
            return false;
        }

        switch (root.Name)
        {
            case Roots.Params:
                type = _scope.Params.TryGetValue(name, out var param) ? param : Report(ExpressionMessages.UndefinedVariable($"params.{name}"), node, DiagnosticCategory.ScopeError);
                return true;
            case Roots.Nodes:
                type = CheckNode(name, node);
                return true;
            case Roots.Config:
                type = DataType.Any;
                return true;
            case Roots.Secrets:
                type = RootTypes.Secret;
                return true;
            default:
                return false;
        }
    }

    private DataType CheckNode(string id, SyntaxNode node)
    {
        if (_scope.UpstreamOutputs.TryGetValue(id, out var output))
        {
            return RootTypes.Node(output);
        }

        return Report(
            _scope.AllNodes.Contains(id) ? ExpressionMessages.NotUpstream(id, _scope.CurrentNode) : ExpressionMessages.UndefinedNode(id),
            node,
            DiagnosticCategory.ScopeError);
    }

    private DataType CheckMember(MemberNode member)
    {
        var target = Check(member.Target);
        switch (target.Kind)
        {
            case DataKind.Any:
                return DataType.Any;
            case DataKind.Object when target.Fields.TryGetValue(member.Name, out var field):
                return field;
            case DataKind.Object when target.IsOpen:
                return DataType.Any;
            case DataKind.Object:
                return Report(UnknownField(member.Name, member.Target, target), member.NameStart, member.End - member.NameStart);
            case DataKind.Null when member.NullSafe:
                return DataType.Null;
            case DataKind.Null:
                return Report($"cannot read '{member.Name}' of null", member);
            default:
                return Report($"cannot read field '{member.Name}' of type '{target}'", member);
        }
    }

    private DataType CheckIndex(IndexNode index)
    {
        var target = Check(index.Target);
        var key = Check(index.Index);
        var keyIsInt = key.Kind is DataKind.Int or DataKind.Any;
        var keyIsString = key.Kind is DataKind.String or DataKind.Any;
        switch (target.Kind)
        {
            case DataKind.Any:
                return DataType.Any;
            case DataKind.Array when keyIsInt:
                return target.Element ?? DataType.Any;
            case DataKind.String when keyIsInt:
                return DataType.String;
            case DataKind.Object when keyIsString:
                if (ExpressionCompiler.TryGetStaticMember(index, out _, out var name, out _))
                {
                    if (target.Fields.TryGetValue(name, out var field))
                    {
                        return field;
                    }

                    if (!target.IsOpen)
                    {
                        return Report(UnknownField(name, index.Target, target), index.Index);
                    }
                }

                return target.IsOpen ? DataType.Any : DataTypes.Unify(target.Fields.Values);
            case DataKind.Null when index.NullSafe:
                return DataType.Null;
            case DataKind.Null:
                return Report("cannot index null", index);
            default:
                return Report($"type mismatch: cannot index '{target}' with '{key}'", index);
        }
    }

    private string UnknownField(string name, SyntaxNode target, DataType type)
    {
        var known = type.Fields.Count == 0 ? "it has none" : "known fields: " + string.Join(", ", type.Fields.Keys);
        return $"unknown field '{name}' on '{_source[target.Start..target.End]}' ({known})";
    }

    private bool TryGetLocal(string name, out DataType type)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].Name == name)
            {
                type = _locals[i].Type;
                return true;
            }
        }

        type = DataType.Any;
        return false;
    }

    private DataType Report(string message, SyntaxNode node, DiagnosticCategory category = DiagnosticCategory.TypeError) =>
        Report(message, node.Start, node.Length, category);

    private DataType Report(string message, int offset, int length, DiagnosticCategory category = DiagnosticCategory.TypeError)
    {
        _errors.Add(new ExpressionError(message, offset, length, category));
        return DataType.Any;
    }
}
