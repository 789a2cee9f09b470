using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Checking;

/// <summary>Static types of the fixed roots and of <c>nodes.&lt;id&gt;</c>.</summary>
internal static class RootTypes
{
    public static readonly DataType Execution = DataType.ObjectOf(new Dictionary<string, DataType>
    {
        ["id"] = DataType.String,
        ["workflow"] = DataType.String,
        ["version"] = DataType.Int,
        ["started_at"] = DataType.String,
    });

    public static readonly DataType Org = DataType.ObjectOf(new Dictionary<string, DataType>
    {
        ["id"] = DataType.String,
        ["name"] = DataType.String,
    });

    /// <summary>Open: triggers other than webhooks may add members of their own.</summary>
    public static readonly DataType Trigger = DataType.ObjectOf(
        new Dictionary<string, DataType>
        {
            ["type"] = DataType.String,
            ["headers"] = DataType.AnyObject,
            ["query"] = DataType.AnyObject,
            ["body"] = DataType.Any,
            ["raw_body"] = DataType.String,
            ["method"] = DataType.String,
        },
        isOpen: true);

    /// <summary>Secrets are text; config values may be anything.</summary>
    public static readonly DataType Secret = DataType.String;

    public static DataType Node(DataType output) => DataType.ObjectOf(new Dictionary<string, DataType>
    {
        ["output"] = output,
        ["status"] = DataType.String,
    });

    public static DataType Params(IReadOnlyDictionary<string, DataType> declared) => DataType.ObjectOf(declared);

    public static DataType OfLiteral(System.Text.Json.Nodes.JsonNode? value) => value switch
    {
        null => DataType.Null,
        System.Text.Json.Nodes.JsonValue json when json.TryGetValue(out bool _) => DataType.Bool,
        System.Text.Json.Nodes.JsonValue json when json.TryGetValue(out long _) => DataType.Int,
        System.Text.Json.Nodes.JsonValue json when json.TryGetValue(out double _) => DataType.Number,
        System.Text.Json.Nodes.JsonValue json when json.TryGetValue(out string? _) => DataType.String,
        _ => DataType.Any,
    };
}
