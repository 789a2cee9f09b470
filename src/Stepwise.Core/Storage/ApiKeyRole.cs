namespace Stepwise.Core.Storage;

/// <summary>What a key may do, each role including the ones before it.</summary>
public enum ApiKeyRole
{
    /// <summary>Reads workflows, runs and logs.</summary>
    Viewer,

    /// <summary>Also starts, cancels, retries and compensates runs.</summary>
    Operator,

    /// <summary>Also deploys and deletes workflows.</summary>
    Developer,

    /// <summary>Everything in its organization.</summary>
    Admin,
}
