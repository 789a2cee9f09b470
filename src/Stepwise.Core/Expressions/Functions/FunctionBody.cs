using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>
/// A function's run-time behaviour. <paramref name="args"/> holds the evaluated arguments (a lambda's position is
/// null; the lambda comes as <paramref name="lambda"/>). Failures go through <see cref="EvaluationFrame.Fail"/>.
/// </summary>
internal delegate JsonNode? FunctionBody(ref EvaluationFrame frame, ReadOnlySpan<JsonNode?> args, LambdaEvaluator? lambda);
