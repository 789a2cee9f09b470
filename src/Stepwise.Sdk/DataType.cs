namespace Stepwise.Sdk;

/// <summary>The kinds of values the expression language knows statically.</summary>
public enum DataKind
{
    /// <summary>Unknown at validation time; every operation is allowed and checked at run time.</summary>
    Any,
    /// <summary>The null value.</summary>
    Null,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A 64-bit integer.</summary>
    Int,
    /// <summary>A floating-point number.</summary>
    Number,
    /// <summary>A string.</summary>
    String,
    /// <summary>An array; <see cref="DataType.Element"/> types its items.</summary>
    Array,
    /// <summary>An object; <see cref="DataType.Fields"/> types the known members.</summary>
    Object,
}

/// <summary>
/// A static type of the expression language: what the checker knows about a value before the workflow runs.
/// Actions declare their output types with it, so expressions over node outputs are checked at validation time.
/// </summary>
public sealed class DataType : IEquatable<DataType>
{
    private static readonly IReadOnlyDictionary<string, DataType> NoFields = new Dictionary<string, DataType>();

    private DataType(DataKind kind, DataType? element, IReadOnlyDictionary<string, DataType>? fields, bool isOpen)
    {
        Kind = kind;
        Element = element;
        Fields = fields ?? NoFields;
        IsOpen = isOpen;
    }

    /// <summary>A value of unknown type.</summary>
    public static DataType Any { get; } = new(DataKind.Any, null, null, true);

    /// <summary>The null value.</summary>
    public static DataType Null { get; } = new(DataKind.Null, null, null, false);

    /// <summary>A boolean.</summary>
    public static DataType Bool { get; } = new(DataKind.Bool, null, null, false);

    /// <summary>An integer.</summary>
    public static DataType Int { get; } = new(DataKind.Int, null, null, false);

    /// <summary>A number.</summary>
    public static DataType Number { get; } = new(DataKind.Number, null, null, false);

    /// <summary>A string.</summary>
    public static DataType String { get; } = new(DataKind.String, null, null, false);

    /// <summary>An array whose items are of unknown type.</summary>
    public static DataType AnyArray { get; } = new(DataKind.Array, Any, null, false);

    /// <summary>An object whose members are unknown.</summary>
    public static DataType AnyObject { get; } = new(DataKind.Object, null, null, true);

    /// <summary>The kind of this type.</summary>
    public DataKind Kind { get; }

    /// <summary>For arrays, the type of the items.</summary>
    public DataType? Element { get; }

    /// <summary>For objects, the members known statically.</summary>
    public IReadOnlyDictionary<string, DataType> Fields { get; }

    /// <summary>For objects, whether members other than <see cref="Fields"/> may exist (typed <see cref="Any"/>).</summary>
    public bool IsOpen { get; }

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static DataType ArrayOf(DataType element) => new(DataKind.Array, element, null, false);

    /// <summary>An object with exactly these members, or at least these when <paramref name="isOpen"/>.</summary>
    public static DataType ObjectOf(IReadOnlyDictionary<string, DataType> fields, bool isOpen = false) =>
        new(DataKind.Object, null, fields, isOpen);

    /// <summary>The name used in messages: <c>string</c>, <c>int</c>, <c>array&lt;int&gt;</c>, <c>object</c>.</summary>
    public override string ToString() => Kind switch
    {
        DataKind.Any => "any",
        DataKind.Null => "null",
        DataKind.Bool => "bool",
        DataKind.Int => "int",
        DataKind.Number => "number",
        DataKind.String => "string",
        DataKind.Array => Element is null || Element.Kind == DataKind.Any ? "array" : $"array<{Element}>",
        DataKind.Object => "object",
        _ => Kind.ToString(),
    };

    /// <inheritdoc />
    public bool Equals(DataType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind || other.IsOpen != IsOpen)
        {
            return false;
        }

        if (Kind == DataKind.Array)
        {
            return Equals(Element, other.Element);
        }

        if (Kind != DataKind.Object || Fields.Count != other.Fields.Count)
        {
            return Kind != DataKind.Object;
        }

        foreach (var (name, type) in Fields)
        {
            if (!other.Fields.TryGetValue(name, out var otherType) || !type.Equals(otherType))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DataType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Element, Fields.Count, IsOpen);
}
