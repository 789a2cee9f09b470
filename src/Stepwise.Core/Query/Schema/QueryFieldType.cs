namespace Stepwise.Core.Query.Schema;

/// <summary>The type of an entity's field; names as messages and docs write them.</summary>
internal enum QueryFieldType
{
    String,
    Int,
    Time,
    Duration,

    /// <summary>A JSON document: compared through a path (<c>params.email</c>) or searched as text (<c>contains</c>).</summary>
    Json,
}
