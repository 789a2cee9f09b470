using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions.Functions;
using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Checking;

/// <summary>Function calls: the name, the number of arguments, lambdas in their place, then the function's own type rule.</summary>
internal sealed partial class TypeChecker
{
    private DataType CheckCall(CallNode call)
    {
        var nameLength = call.NameEnd - call.Start;
        if (TryGetLocal(call.Name, out _) || (!FunctionLibrary.TryGet(call.Name, out _) && Roots.IsRoot(call.Name)))
        {
            CheckArgumentsLoosely(call);
            return Report(ExpressionMessages.NotAFunction(call.Name), call.Start, nameLength, DiagnosticCategory.FunctionError);
        }

        if (!FunctionLibrary.TryGet(call.Name, out var function))
        {
            CheckArgumentsLoosely(call);
            return Report(ExpressionMessages.UndefinedFunction(call.Name), call.Start, nameLength, DiagnosticCategory.FunctionError);
        }

        var count = call.Arguments.Count;
        if (count < function.MinArguments || count > (function.MaxArguments ?? int.MaxValue))
        {
            CheckArgumentsLoosely(call);
            return Report(ExpressionMessages.WrongArgumentCount(function.Name, function.MinArguments, function.MaxArguments, count), call, DiagnosticCategory.FunctionError);
        }

        var types = new DataType[count];
        var lambdaResult = DataType.Any;
        var valid = true;
        for (var i = 0; i < count; i++)
        {
            var argument = call.Arguments[i];
            types[i] = DataType.Any;
            if (i == function.LambdaPosition)
            {
                if (argument is not LambdaNode lambda)
                {
                    Check(argument);
                    Report(FunctionMessages.LambdaExpected(function.Name, i), argument, DiagnosticCategory.FunctionError);
                    valid = false;
                }
                else if (lambda.Parameters.Count < 1 || lambda.Parameters.Count > function.LambdaMaxParameters)
                {
                    Report(FunctionMessages.LambdaParameterCount(function.Name, function.LambdaMaxParameters, lambda.Parameters.Count), argument, DiagnosticCategory.FunctionError);
                    valid = false;
                }
                else
                {
                    lambdaResult = CheckLambda(lambda, DataTypes.ElementOf(types[0]));
                }
            }
            else if (argument is LambdaNode)
            {
                Report(FunctionMessages.LambdaNotAllowed(function.Name, i), argument, DiagnosticCategory.FunctionError);
                valid = false;
            }
            else
            {
                types[i] = Check(argument);
            }
        }

        if (!valid)
        {
            return DataType.Any;
        }

        var check = new FunctionCheck(function.Name, call.Arguments, types, (message, node, category) => Report(message, node, category)) { LambdaResult = lambdaResult };
        return function.Check(check);
    }

    private DataType CheckLambda(LambdaNode lambda, DataType itemType)
    {
        for (var i = 0; i < lambda.Parameters.Count; i++)
        {
            if (lambda.Parameters.Take(i).Contains(lambda.Parameters[i], StringComparer.Ordinal))
            {
                Report(ExpressionMessages.DuplicateDeclaration(lambda.Parameters[i]), lambda, DiagnosticCategory.ScopeError);
            }

            _locals.Add((lambda.Parameters[i], i switch { 0 => itemType, 1 => DataType.Int, _ => DataType.Any }));
        }

        var result = Check(lambda.Body);
        _locals.RemoveRange(_locals.Count - lambda.Parameters.Count, lambda.Parameters.Count);
        return result;
    }

    /// <summary>Still checks the arguments of a call that is wrong itself, so their own mistakes are reported too.</summary>
    private void CheckArgumentsLoosely(CallNode call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument is LambdaNode lambda)
            {
                CheckLambda(lambda, DataType.Any);
            }
            else
            {
                Check(argument);
            }
        }
    }
}
