namespace Stepwise.Core.Expressions.Syntax;

/// <summary>One <c>key: value</c> of an object literal; the key was an identifier or a string.</summary>
internal sealed record ObjectMember(string Key, int KeyStart, int KeyEnd, SyntaxNode Value);
