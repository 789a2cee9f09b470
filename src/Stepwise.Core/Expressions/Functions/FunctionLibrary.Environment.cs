using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    /// <summary>Functions that ask about the organization the run belongs to.</summary>
    private static IEnumerable<FunctionDefinition> Environment() =>
    [
        new()
        {
            Name = "has_config", Secrets = SecretFlow.Tests, MinArguments = 1, MaxArguments = 1,
            Signature = "has_config(string) -> bool (whether the organization's configuration has the key)",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                return DataType.Bool;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "has_config", args, 0, out var key))
                {
                    return null;
                }

                return JsonValue.Create(frame.Scope.Config is { } config && config.TryGet(key, out var unused));
            },
        },
    ];
}
