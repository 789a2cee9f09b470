using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>The names params use for their types, and the static type each gives expressions.</summary>
public static class ParamTypes
{
    private static readonly Dictionary<string, ParamType> ByName = new(StringComparer.Ordinal)
    {
        ["string"] = ParamType.String,
        ["int"] = ParamType.Int,
        ["number"] = ParamType.Number,
        ["bool"] = ParamType.Bool,
        ["email"] = ParamType.Email,
        ["date"] = ParamType.Date,
        ["datetime"] = ParamType.DateTime,
        ["select"] = ParamType.Select,
        ["json"] = ParamType.Json,
        ["array"] = ParamType.Array,
        ["object"] = ParamType.Object,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string name, out ParamType type) => ByName.TryGetValue(name, out type);

    public static string Name(ParamType type) => type switch
    {
        ParamType.Int => "int",
        ParamType.Number => "number",
        ParamType.Bool => "bool",
        ParamType.Email => "email",
        ParamType.Date => "date",
        ParamType.DateTime => "datetime",
        ParamType.Select => "select",
        ParamType.Json => "json",
        ParamType.Array => "array",
        ParamType.Object => "object",
        _ => "string",
    };

    /// <summary>email, date, datetime and select values are strings to expressions; json is anything.</summary>
    public static DataType StaticType(ParamType type) => type switch
    {
        ParamType.Int => DataType.Int,
        ParamType.Number => DataType.Number,
        ParamType.Bool => DataType.Bool,
        ParamType.Json => DataType.Any,
        ParamType.Array => DataType.AnyArray,
        ParamType.Object => DataType.AnyObject,
        _ => DataType.String,
    };

    /// <summary>Types whose values are strings, so a <c>pattern</c> applies to them.</summary>
    public static bool IsText(ParamType type) =>
        type is ParamType.String or ParamType.Email or ParamType.Date or ParamType.DateTime or ParamType.Select;
}
