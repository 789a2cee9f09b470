namespace Stepwise.Storage.Common;

/// <summary>A fault of the store seen by its last write: what it is and since when.</summary>
public sealed record StoreFault(string Reason, DateTimeOffset Since);
