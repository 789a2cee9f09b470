namespace Stepwise.Sdk;

/// <summary>
/// Marks a public class implementing <see cref="IAction"/> (with a public parameterless constructor) as a node
/// type YAML workflows can use: <c>type: &lt;Type&gt;</c>. Found in the workspace and in plug-in assemblies.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ActionAttribute(string type) : Attribute
{
    /// <summary>The node type; must equal the action's <see cref="IActionType.Name"/>.</summary>
    public string Type { get; } = type;
}
