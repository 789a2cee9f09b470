using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Stepwise.Core.Definitions;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Workspace;

/// <summary>
/// Finds [Workflow], [DataProvider] and [Action] declarations on the compiler's symbols, so every mistake is reported
/// with its file:line:col before anything is loaded: a method that is not static, <c>async void</c>, a missing
/// context parameter, an unsupported param type, a bad pattern, a duplicate name, an unknown data provider.
/// </summary>
internal sealed partial class WorkspaceDiscovery
{
    private const string Sdk = "Stepwise.Sdk.";
    private readonly List<WorkspaceDiagnostic> _errors = [];
    private readonly List<DiscoveredWorkflow> _workflows = [];
    private readonly List<DiscoveredProvider> _providers = [];
    private readonly List<DiscoveredAction> _actions = [];
    private readonly List<(string Provider, ISymbol At, string Workflow, string Param)> _providerUses = [];

    public IReadOnlyList<WorkspaceDiagnostic> Errors => _errors;

    public IReadOnlyList<DiscoveredWorkflow> Workflows => _workflows;

    public IReadOnlyList<DiscoveredProvider> Providers => _providers;

    public IReadOnlyList<DiscoveredAction> Actions => _actions;

    public static WorkspaceDiscovery Run(Compilation compilation, IReadOnlySet<string> externalProviders)
    {
        var discovery = new WorkspaceDiscovery();
        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            discovery.VisitType(type);
        }

        discovery.CheckProviderUses(externalProviders);
        return discovery;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in AllTypes(ns))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in AllTypes(type))
                {
                    yield return nested;
                }
            }
        }
    }

    private void VisitType(INamedTypeSymbol type)
    {
        if (Attribute(type, "ActionAttribute") is { } action)
        {
            VisitAction(type, action);
        }

        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (Attribute(method, "WorkflowAttribute") is { } workflow)
            {
                VisitWorkflow(method, workflow);
            }

            if (Attribute(method, "DataProviderAttribute") is { } provider)
            {
                VisitProvider(method, provider);
            }
        }
    }

    private void VisitWorkflow(IMethodSymbol method, AttributeData attribute)
    {
        var name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var before = _errors.Count;
        if (!ValidName().IsMatch(name))
        {
            Error(method, $"[Workflow] name '{name}' must start with a letter and use only letters, digits, '_' and '-'");
        }
        else if (_workflows.Any(w => w.Name == name))
        {
            Error(method, $"Two [Workflow] methods are named '{name}'");
        }

        CheckCallable(method, "[Workflow]", out var resultType);
        var timeoutSeconds = Named<int>(attribute, "TimeoutSeconds");
        var priority = Named<int>(attribute, "Priority");
        if (timeoutSeconds < 0)
        {
            Error(method, $"[Workflow] '{name}': TimeoutSeconds must be positive, got {timeoutSeconds}");
        }

        if (priority is < 0 or > 10)
        {
            Error(method, $"[Workflow] '{name}': Priority must be between 1 and 10, got {priority}");
        }

        var parameters = new List<ParamDefinition>();
        var clrNames = new List<string>();
        foreach (var parameter in method.Parameters.Skip(1))
        {
            if (ToParam(name, parameter) is { } param)
            {
                if (parameters.Any(p => p.Name == param.Name))
                {
                    Error(parameter, $"Workflow '{name}' has two params named '{param.Name}'");
                }

                parameters.Add(param);
                clrNames.Add(parameter.Name);
            }
        }

        var triggers = new List<TriggerDefinition>();
        foreach (var trigger in method.GetAttributes())
        {
            switch (trigger.AttributeClass?.ToDisplayString())
            {
                case Sdk + "WebhookAttribute":
                    var path = trigger.ConstructorArguments.FirstOrDefault().Value as string ?? "";
                    triggers.Add(new WebhookTrigger(
                        path.Trim('/'), Named<bool>(trigger, "Sync") ? WebhookResponse.Sync : WebhookResponse.Async, null, Location(method)));
                    break;
                case Sdk + "ScheduleAttribute":
                    var cron = trigger.ConstructorArguments.FirstOrDefault().Value as string ?? "";
                    triggers.Add(new ScheduleTrigger(cron, Named<string>(trigger, "TimeZone") ?? "UTC", [], Location(method)));
                    break;
            }
        }

        _ = resultType;
        if (_errors.Count > before)
        {
            return;
        }

        _workflows.Add(new DiscoveredWorkflow(
            name,
            Named<string>(attribute, "Description"),
            timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : WorkflowDefinition.DefaultTimeout,
            priority > 0 ? priority : WorkflowDefinition.DefaultPriority,
            parameters,
            clrNames,
            triggers,
            MetadataName(method.ContainingType),
            method.Name,
            method.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? ""));
    }

    private ParamDefinition? ToParam(string workflow, IParameterSymbol parameter)
    {
        var attribute = Attribute(parameter, "ParamAttribute");
        var name = (attribute is null ? null : Named<string>(attribute, "Name")) ?? parameter.Name;
        var type = ParamTypeOf(parameter.Type);
        if (type is null)
        {
            Error(parameter, $"Workflow '{workflow}': param '{name}' has type {parameter.Type.ToDisplayString()}, which a param cannot have " +
                "(use string, int, long, double, decimal, bool, DateTime, DateTimeOffset, DateOnly, an array or list, or a class or record)");
            return null;
        }

        var pattern = attribute is null ? null : Named<string>(attribute, "Pattern");
        if (pattern is not null && !IsValidRegex(pattern, out var why))
        {
            Error(parameter, $"Workflow '{workflow}': param '{name}' has an invalid Pattern: {why}");
        }

        var provider = attribute is null ? null : Named<string>(attribute, "DataProvider");
        if (provider is not null)
        {
            _providerUses.Add((provider, parameter, workflow, name));
        }

        var options = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Options").Value is { Kind: TypedConstantKind.Array } array
            ? array.Values.Select(v => v.Value as string ?? "").ToList()
            : null;
        JsonNode? @default = parameter.HasExplicitDefaultValue ? ToJson(parameter.ExplicitDefaultValue) : null;
        var nullable = parameter.Type.NullableAnnotation == NullableAnnotation.Annotated
            || parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        var required = (attribute is not null && Named<bool>(attribute, "Required")) || (!parameter.HasExplicitDefaultValue && !nullable);
        return new ParamDefinition(
            name,
            (options is not null || provider is not null) && type == ParamType.String ? ParamType.Select : type.Value,
            attribute is null ? null : Named<string>(attribute, "Label"),
            required,
            @default,
            pattern,
            options,
            provider,
            Location(parameter));
    }

    private void VisitProvider(IMethodSymbol method, AttributeData attribute)
    {
        var name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var before = _errors.Count;
        if (!ValidName().IsMatch(name))
        {
            Error(method, $"[DataProvider] name '{name}' must start with a letter and use only letters, digits, '_' and '-'");
        }
        else if (_providers.Any(p => p.Name == name))
        {
            Error(method, $"Two [DataProvider] methods are named '{name}'");
        }

        CheckCallable(method, "[DataProvider]", out var resultType);
        if (resultType is not null && !IsOptionList(resultType))
        {
            Error(method, $"[DataProvider] '{name}' must return Task<IReadOnlyList<Option>>, not Task<{resultType.ToDisplayString()}>");
        }

        foreach (var parameter in method.Parameters.Skip(1))
        {
            if (parameter.Type.SpecialType != SpecialType.System_String)
            {
                Error(parameter, $"[DataProvider] '{name}': parameter '{parameter.Name}' receives a form value, so it must be a string");
            }
        }

        if (_errors.Count == before)
        {
            _providers.Add(new DiscoveredProvider(
                name, Named<string>(attribute, "Description"), [.. method.Parameters.Skip(1).Select(p => p.Name)],
                MetadataName(method.ContainingType), method.Name));
        }
    }

    private void VisitAction(INamedTypeSymbol type, AttributeData attribute)
    {
        var name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var before = _errors.Count;
        if (!type.AllInterfaces.Any(i => i.ToDisplayString() == Sdk + "IAction"))
        {
            Error(type, $"[Action(\"{name}\")] class {type.Name} must implement IAction");
        }

        if (type.IsAbstract || type.IsGenericType)
        {
            Error(type, $"[Action(\"{name}\")] class {type.Name} must be a concrete, non-generic class");
        }

        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public))
        {
            Error(type, $"[Action(\"{name}\")] class {type.Name} needs a public parameterless constructor");
        }

        if (_actions.Any(a => a.Type == name))
        {
            Error(type, $"Two [Action] classes are named '{name}'");
        }

        if (_errors.Count == before)
        {
            _actions.Add(new DiscoveredAction(name, MetadataName(type)));
        }
    }

    private void CheckCallable(IMethodSymbol method, string kind, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (!method.IsStatic)
        {
            Error(method, $"{kind} method {method.Name} must be static");
        }

        if (method.IsGenericMethod || method.ContainingType.IsGenericType)
        {
            Error(method, $"{kind} method {method.Name} cannot be generic");
        }

        if (method.ReturnsVoid)
        {
            Error(method, $"{kind} method {method.Name} must return Task or Task<T>; async void cannot be awaited, so the engine could not wait for it or replay its steps");
        }
        else if (method.ReturnType is INamedTypeSymbol { Name: "Task", ContainingNamespace: var ns } task
                 && ns.ToDisplayString() == "System.Threading.Tasks")
        {
            resultType = task.TypeArguments.FirstOrDefault();
        }
        else
        {
            Error(method, $"{kind} method {method.Name} must return Task or Task<T>, not {method.ReturnType.ToDisplayString()}");
        }

        if (method.Parameters.FirstOrDefault()?.Type.ToDisplayString() != Sdk + "IWorkflowContext")
        {
            Error(method, $"{kind} method {method.Name} must take IWorkflowContext as its first parameter");
        }
    }

    private void CheckProviderUses(IReadOnlySet<string> externalProviders)
    {
        foreach (var (provider, at, workflow, param) in _providerUses)
        {
            if (!externalProviders.Contains(provider) && _providers.All(p => p.Name != provider))
            {
                Error(at, $"Workflow '{workflow}': param '{param}' names data provider '{provider}', which is not defined");
                _workflows.RemoveAll(w => w.Name == workflow);
            }
        }
    }

    private static ParamType? ParamTypeOf(ITypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type is INamedTypeSymbol nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return ParamType.String;
            case SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16:
                return ParamType.Int;
            case SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal:
                return ParamType.Number;
            case SpecialType.System_Boolean:
                return ParamType.Bool;
            case SpecialType.System_DateTime:
                return ParamType.DateTime;
            case SpecialType.System_Object:
                return ParamType.Json;
        }

        var name = type.OriginalDefinition.ToDisplayString();
        return name switch
        {
            "System.DateTimeOffset" => ParamType.DateTime,
            "System.DateOnly" => ParamType.Date,
            "System.Text.Json.JsonElement" or "System.Text.Json.Nodes.JsonNode" => ParamType.Json,
            "System.Text.Json.Nodes.JsonObject" => ParamType.Object,
            "System.Text.Json.Nodes.JsonArray" => ParamType.Array,
            _ when type is IArrayTypeSymbol => ParamType.Array,
            _ when type.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IEnumerable<T>")
                   || name is "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                       or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyCollection<T>" => ParamType.Array,
            _ when type.TypeKind is TypeKind.Class or TypeKind.Struct && type.SpecialType == SpecialType.None
                   && type.ContainingAssembly?.Name is not ("System.Runtime" or "System.Private.CoreLib") => ParamType.Object,
            _ => null,
        };
    }

    private static bool IsOptionList(ITypeSymbol type) =>
        type is IArrayTypeSymbol { ElementType: var element } ? element.ToDisplayString() == Sdk + "Option"
        : type is INamedTypeSymbol { TypeArguments: [var item] } named
          && item.ToDisplayString() == Sdk + "Option"
          && (named.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IReadOnlyList<T>"
                  or "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IList<T>"
                  or "System.Collections.Generic.List<T>" or "System.Collections.Generic.IReadOnlyCollection<T>");

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        decimal m => JsonValue.Create(m),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static bool IsValidRegex(string pattern, out string? why)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            why = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            why = exception.Message;
            return false;
        }
    }

    private static AttributeData? Attribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Sdk + name);

    private static T? Named<T>(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is T value ? value : default;

    /// <summary>The name reflection finds the type by: <c>Namespace.Outer+Inner</c>.</summary>
    internal static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = $"{outer.MetadataName}+{name}";
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{name}" : name;
    }

    private static SourceLocation? Location(ISymbol symbol) =>
        symbol.Locations.FirstOrDefault() is { IsInSource: true } location
            ? new SourceLocation(
                location.GetLineSpan().Path, location.GetLineSpan().StartLinePosition.Line + 1, location.GetLineSpan().StartLinePosition.Character + 1)
            : null;

    private void Error(ISymbol symbol, string message)
    {
        var location = Location(symbol);
        _errors.Add(new WorkspaceDiagnostic(location?.File ?? "", location?.Line ?? 0, location?.Column ?? 0, "SW1002", message));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex ValidName();
}
