using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Syntax;

/// <summary>Writes a parsed tree as JSON for <c>stepwise parse</c>: <c>{"kind": "binary", "op": "+", ..., "start", "end"}</c>.</summary>
internal static class SyntaxTreeWriter
{
    public static JsonObject Write(SyntaxNode node)
    {
        var json = node switch
        {
            LiteralNode literal => new JsonObject { ["kind"] = "literal", ["value"] = literal.Value?.DeepClone() },
            IdentifierNode identifier => new JsonObject { ["kind"] = "identifier", ["name"] = identifier.Name },
            MemberNode member => new JsonObject
            {
                ["kind"] = "member",
                ["object"] = Write(member.Target),
                ["name"] = member.Name,
                ["null_safe"] = member.NullSafe,
            },
            IndexNode index => new JsonObject
            {
                ["kind"] = "index",
                ["object"] = Write(index.Target),
                ["index"] = Write(index.Index),
                ["null_safe"] = index.NullSafe,
            },
            CallNode call => new JsonObject
            {
                ["kind"] = "call",
                ["name"] = call.Name,
                ["args"] = new JsonArray([.. call.Arguments.Select(argument => (JsonNode)Write(argument))]),
            },
            LambdaNode lambda => new JsonObject
            {
                ["kind"] = "lambda",
                ["params"] = new JsonArray([.. lambda.Parameters.Select(parameter => (JsonNode)JsonValue.Create(parameter))]),
                ["body"] = Write(lambda.Body),
            },
            UnaryNode unary => new JsonObject { ["kind"] = "unary", ["op"] = unary.Operator, ["operand"] = Write(unary.Operand) },
            BinaryNode binary => new JsonObject
            {
                ["kind"] = "binary",
                ["op"] = binary.Operator,
                ["left"] = Write(binary.Left),
                ["right"] = Write(binary.Right),
            },
            ConditionalNode conditional => new JsonObject
            {
                ["kind"] = "conditional",
                ["condition"] = Write(conditional.Condition),
                ["then"] = Write(conditional.WhenTrue),
                ["else"] = Write(conditional.WhenFalse),
            },
            ArrayNode array => new JsonObject
            {
                ["kind"] = "array",
                ["items"] = new JsonArray([.. array.Items.Select(item => (JsonNode)Write(item))]),
            },
            ObjectNode obj => new JsonObject
            {
                ["kind"] = "object",
                ["members"] = new JsonArray([.. obj.Members.Select(member => (JsonNode)new JsonObject
                {
                    ["key"] = member.Key,
                    ["value"] = Write(member.Value),
                })]),
            },
            _ => throw new InvalidOperationException($"Unknown syntax node {node.GetType().Name}"),
        };
        json["start"] = node.Start;
        json["end"] = node.End;
        return json;
    }
}
