namespace Stepwise.Hosting.Configuration;

/// <summary>One setting as <c>stepwise config show</c> lists it.</summary>
internal sealed record SettingDefinition(
    string Name, SettingScope Scope, string Default, string Description, bool IsSecret = false);
