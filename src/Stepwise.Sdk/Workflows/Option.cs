namespace Stepwise.Sdk;

/// <summary>One choice a data provider offers: what the form shows and the value the param receives.</summary>
/// <param name="Label">What the form shows.</param>
/// <param name="Value">The param's value when chosen.</param>
public sealed record Option(string Label, string Value);
