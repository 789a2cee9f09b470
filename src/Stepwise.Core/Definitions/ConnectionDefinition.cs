using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions;

public sealed record ConnectionDefinition(string From, string To, SourceLocation? Location);
