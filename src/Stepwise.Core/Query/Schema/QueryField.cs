namespace Stepwise.Core.Query.Schema;

/// <summary>A field of an entity, as queries name it; Storage maps it to a column per dialect.</summary>
internal sealed record QueryField(string Name, QueryFieldType Type, string Description)
{
    public string TypeName => Type.ToString().ToLowerInvariant();
}
