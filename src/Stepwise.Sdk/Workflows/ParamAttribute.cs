namespace Stepwise.Sdk;

/// <summary>
/// Describes a parameter of a <see cref="WorkflowAttribute"/> method as a param of the workflow: the same params
/// YAML workflows declare, validated before a run starts and rendered as the run form. A C# default value is the
/// param's default. A parameter is required when <see cref="Required"/> is set, or when it has neither a default nor a
/// nullable type.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ParamAttribute : Attribute
{
    /// <summary>The param's name in the input; the C# parameter's name when null.</summary>
    public string? Name { get; set; }

    /// <summary>The form label.</summary>
    public string? Label { get; set; }

    /// <summary>Whether a run must give the param.</summary>
    public bool Required { get; set; }

    /// <summary>A regular expression a string value must match.</summary>
    public string? Pattern { get; set; }

    /// <summary>The only values allowed.</summary>
    public string[]? Options { get; set; }

    /// <summary>The name of the <see cref="DataProviderAttribute"/> that lists the allowed values.</summary>
    public string? DataProvider { get; set; }
}
