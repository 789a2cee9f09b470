namespace Stepwise.Sdk;

/// <summary>
/// Marks a <c>public static</c> method returning <c>Task&lt;IReadOnlyList&lt;Option&gt;&gt;</c> as a data provider:
/// the options of a param's drop-down. It takes an <see cref="IWorkflowContext"/> first and may take string
/// parameters named after other params of the form, which receive their current values.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DataProviderAttribute(string name) : Attribute
{
    /// <summary>The provider's name, as params refer to it.</summary>
    public string Name { get; } = name;

    /// <summary>What the provider lists.</summary>
    public string? Description { get; set; }
}
