using Stepwise.Sdk;

namespace Stepwise.Cli.Seeding;

/// <summary>The seed cannot go on; the message says why.</summary>
internal sealed class SeedException(string message) : StepwiseException(message);
