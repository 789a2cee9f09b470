namespace Stepwise.Core.Expressions.Templates;

/// <summary>A piece of a string scalar: literal text, or an expression whose text starts at <see cref="Offset"/>.</summary>
internal readonly record struct TemplateSegment(string Text, bool IsExpression, int Offset);
