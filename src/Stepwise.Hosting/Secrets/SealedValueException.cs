using Stepwise.Sdk;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// A sealed value cannot be opened: its key is unknown, or the value was altered or moved to another row. The
/// message names the row, never the value.
/// </summary>
internal sealed class SealedValueException(string message) : StepwiseException(message);
