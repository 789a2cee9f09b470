namespace Stepwise.Core.Definitions.Parsing;

/// <summary>Why a document could not be read, and the character index where the problem is.</summary>
internal readonly record struct ReadError(string Message, int Index);
