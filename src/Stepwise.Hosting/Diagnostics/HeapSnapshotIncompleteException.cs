namespace Stepwise.Hosting.Diagnostics;

/// <summary>A heap snapshot whose session dropped events: its counts would be wrong, so none are given.</summary>
internal sealed class HeapSnapshotIncompleteException(string message) : Exception(message);
