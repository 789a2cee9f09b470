using Stepwise.Core.Expressions.Functions;
using Stepwise.Core.Expressions.Syntax;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// Turns a parsed tree into evaluators once, resolving roots, functions and lambda parameters up front so evaluation
/// never looks anything up by name except in the data. What cannot be resolved compiles to a
/// <see cref="FailEvaluator"/> carrying the checker's message, so unchecked expressions fail cleanly at run time.
/// </summary>
internal sealed class ExpressionCompiler
{
    private readonly List<(string Name, int Slot)> _locals = [];

    /// <summary>
    /// True while compiling the access chain on the left of <c>??</c>: there a missing <c>config.key</c> is null, so
    /// <c>config.timeout ?? 30</c> means "30 unless configured". Anything that is not part of the chain (a call, an
    /// operator, an index expression) turns it off again, so <c>upper(config.x) ?? 'd'</c> still names the missing key.
    /// </summary>
    private bool _missingConfigIsNull;

    private ExpressionCompiler()
    {
    }

    /// <summary>How many lambda parameter slots the evaluation frame needs.</summary>
    public int SlotCount { get; private set; }

    /// <summary>True when the expression reads <c>secrets.x</c>.</summary>
    public bool UsesSecrets { get; private set; }

    public static Evaluator Compile(SyntaxNode tree, out int slotCount, out bool usesSecrets)
    {
        var compiler = new ExpressionCompiler();
        var root = compiler.Compile(tree);
        slotCount = compiler.SlotCount;
        usesSecrets = compiler.UsesSecrets;
        return root;
    }

    /// <summary>The member name of <c>x.name</c> or <c>x['name']</c>, when it is written out.</summary>
    public static bool TryGetStaticMember(SyntaxNode node, out SyntaxNode target, out string name, out bool nullSafe)
    {
        switch (node)
        {
            case MemberNode member:
                (target, name, nullSafe) = (member.Target, member.Name, member.NullSafe);
                return true;
            case IndexNode { Index: LiteralNode { Value: System.Text.Json.Nodes.JsonValue key } } index when key.TryGetValue(out string? text):
                (target, name, nullSafe) = (index.Target, text, index.NullSafe);
                return true;
            default:
                (target, name, nullSafe) = (node, string.Empty, false);
                return false;
        }
    }

    private Evaluator Compile(SyntaxNode node)
    {
        var outer = _missingConfigIsNull;
        _missingConfigIsNull &= node is MemberNode or IndexNode or IdentifierNode;
        try
        {
            return CompileNode(node);
        }
        finally
        {
            _missingConfigIsNull = outer;
        }
    }

    private Evaluator CompileNode(SyntaxNode node) => node switch
    {
        LiteralNode literal => new ConstantEvaluator(literal.Value),
        IdentifierNode identifier => CompileIdentifier(identifier.Name),
        MemberNode or IndexNode when TryCompileRootMember(node, out var resolved) => resolved,
        MemberNode member => new MemberEvaluator(Compile(member.Target), member.Name, member.NullSafe),
        IndexNode index => new IndexEvaluator(Compile(index.Target), CompileOutsideChain(index.Index), index.NullSafe),
        CallNode call => CompileCall(call),
        UnaryNode { Operator: "!" } unary => new NotEvaluator(Compile(unary.Operand)),
        UnaryNode unary => new NegateEvaluator(Compile(unary.Operand)),
        BinaryNode binary => CompileBinary(binary),
        ConditionalNode conditional => new ConditionalEvaluator(Compile(conditional.Condition), Compile(conditional.WhenTrue), Compile(conditional.WhenFalse)),
        ArrayNode array => new ArrayEvaluator([.. array.Items.Select(Compile)]),
        ObjectNode obj => new ObjectEvaluator([.. obj.Members.Select(member => KeyValuePair.Create(member.Key, Compile(member.Value)))]),
        LambdaNode => new FailEvaluator("lambdas are only allowed as function arguments"),
        _ => new FailEvaluator($"unsupported expression {node.GetType().Name}"),
    };

    private Evaluator CompileIdentifier(string name)
    {
        if (TryGetLocal(name, out var slot))
        {
            return new LocalEvaluator(slot);
        }

        return name switch
        {
            Roots.Params => new RootEvaluator(static scope => scope.Params),
            Roots.Execution => new RootEvaluator(static scope => scope.Execution),
            Roots.Org => new RootEvaluator(static scope => scope.Org),
            Roots.Trigger => new RootEvaluator(static scope => scope.Trigger),
            Roots.Config => new ConfigEvaluator(),
            Roots.Item => new ItemEvaluator(isIndex: false),
            Roots.Index => new ItemEvaluator(isIndex: true),
            _ when Roots.NeedsMember(name) => new FailEvaluator(ExpressionMessages.RootNeedsMember(name)),
            _ => new FailEvaluator(ExpressionMessages.UndefinedVariable(name)),
        };
    }

    /// <summary><c>params.x</c>, <c>nodes.id</c>, <c>nodes.id.output</c>, <c>nodes.id.status</c>, <c>config.k</c>, <c>secrets.k</c> in one step.</summary>
    private bool TryCompileRootMember(SyntaxNode node, out Evaluator evaluator)
    {
        evaluator = null!;
        if (!TryGetStaticMember(node, out var target, out var name, out var nullSafe))
        {
            return false;
        }

        if (target is IdentifierNode root && !TryGetLocal(root.Name, out _))
        {
            UsesSecrets |= root.Name == Roots.Secrets;
            evaluator = root.Name switch
            {
                Roots.Params => new ParamsEvaluator(name),
                Roots.Nodes => new NodeEvaluator(name, NodeEvaluator.Part.Whole, nullSafe),
                Roots.Config => new LookupEvaluator(name, isSecret: false, missingIsNull: _missingConfigIsNull),
                Roots.Secrets => new LookupEvaluator(name, isSecret: true),
                _ => null!,
            };
            return evaluator is not null;
        }

        if (name is "output" or "status"
            && TryGetStaticMember(target, out var nodesRoot, out var nodeId, out _)
            && nodesRoot is IdentifierNode { Name: Roots.Nodes }
            && !TryGetLocal(Roots.Nodes, out _))
        {
            evaluator = new NodeEvaluator(nodeId, name == "output" ? NodeEvaluator.Part.Output : NodeEvaluator.Part.Status, nullSafe);
            return true;
        }

        return false;
    }

    private Evaluator CompileCall(CallNode call)
    {
        if (TryGetLocal(call.Name, out _) || (!FunctionLibrary.TryGet(call.Name, out _) && Roots.IsRoot(call.Name)))
        {
            return new FailEvaluator(ExpressionMessages.NotAFunction(call.Name));
        }

        if (!FunctionLibrary.TryGet(call.Name, out var function))
        {
            return new FailEvaluator(ExpressionMessages.UndefinedFunction(call.Name));
        }

        var count = call.Arguments.Count;
        if (count < function.MinArguments || count > (function.MaxArguments ?? int.MaxValue))
        {
            return new FailEvaluator(ExpressionMessages.WrongArgumentCount(function.Name, function.MinArguments, function.MaxArguments, count));
        }

        var arguments = new Evaluator?[count];
        LambdaEvaluator? lambda = null;
        for (var i = 0; i < count; i++)
        {
            var argument = call.Arguments[i];
            if (i == function.LambdaPosition)
            {
                if (argument is not LambdaNode lambdaNode)
                {
                    return new FailEvaluator(FunctionMessages.LambdaExpected(function.Name, i));
                }

                if (lambdaNode.Parameters.Count < 1 || lambdaNode.Parameters.Count > function.LambdaMaxParameters)
                {
                    return new FailEvaluator(FunctionMessages.LambdaParameterCount(function.Name, function.LambdaMaxParameters, lambdaNode.Parameters.Count));
                }

                lambda = CompileLambda(lambdaNode);
            }
            else if (argument is LambdaNode)
            {
                return new FailEvaluator(FunctionMessages.LambdaNotAllowed(function.Name, i));
            }
            else
            {
                arguments[i] = Compile(argument);
            }
        }

        return new CallEvaluator(function, arguments, lambda);
    }

    private LambdaEvaluator CompileLambda(LambdaNode lambda)
    {
        var slots = new List<int>();
        foreach (var parameter in lambda.Parameters)
        {
            var slot = SlotCount++;
            slots.Add(slot);
            _locals.Add((parameter, slot));
        }

        var body = Compile(lambda.Body);
        _locals.RemoveRange(_locals.Count - slots.Count, slots.Count);
        return new LambdaEvaluator(slots, body);
    }

    private Evaluator CompileOutsideChain(SyntaxNode node)
    {
        var outer = _missingConfigIsNull;
        _missingConfigIsNull = false;
        try
        {
            return Compile(node);
        }
        finally
        {
            _missingConfigIsNull = outer;
        }
    }

    private Evaluator CompileBinary(BinaryNode binary)
    {
        Evaluator left;
        if (binary.Operator == "??")
        {
            var outer = _missingConfigIsNull;
            _missingConfigIsNull = true;
            try
            {
                left = Compile(binary.Left);
            }
            finally
            {
                _missingConfigIsNull = outer;
            }
        }
        else
        {
            left = Compile(binary.Left);
        }

        var right = Compile(binary.Right);
        return binary.Operator switch
        {
            "+" or "-" or "*" or "/" or "%" => new ArithmeticEvaluator(binary.Operator[0], left, right),
            "&&" => new LogicalEvaluator(left, right, isAnd: true),
            "||" => new LogicalEvaluator(left, right, isAnd: false),
            "??" => new CoalesceEvaluator(left, right),
            _ => new ComparisonEvaluator(binary.Operator, left, right),
        };
    }

    private bool TryGetLocal(string name, out int slot)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].Name == name)
            {
                slot = _locals[i].Slot;
                return true;
            }
        }

        slot = -1;
        return false;
    }
}
