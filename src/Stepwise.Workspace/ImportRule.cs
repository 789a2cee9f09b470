using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stepwise.Workspace;

/// <summary>
/// What workspace code may reference: Stepwise.Sdk and an allowlist of BCL namespaces (values, collections, text,
/// JSON, tasks, HTTP through <c>context.Http</c>). A boundary that keeps workflows on the public API, not a security
/// sandbox: code inside the allowlist still runs with the server's rights. Checked on the semantic model, so a
/// using directive, a fully qualified name, <c>typeof</c>, an attribute and a <c>using static</c> are all caught;
/// reflection by name (<c>Type.GetType("...")</c>, <c>Activator</c>, <c>Assembly.Load</c>) is refused outright.
/// </summary>
internal static class ImportRule
{
    public const string DiagnosticId = "SW1001";

    private static readonly string[] AllowedNamespaces =
    [
        "Stepwise.Sdk",
        "System",
        "System.Buffers",
        "System.Collections",
        "System.Collections.Concurrent",
        "System.Collections.Frozen",
        "System.Collections.Generic",
        "System.Collections.Immutable",
        "System.Collections.ObjectModel",
        "System.ComponentModel",
        "System.ComponentModel.DataAnnotations",
        "System.Diagnostics.CodeAnalysis",
        "System.Globalization",
        "System.IO",
        "System.Linq",
        "System.Net",
        "System.Net.Http",
        "System.Net.Http.Headers",
        "System.Net.Http.Json",
        "System.Net.Mime",
        "System.Numerics",
        "System.Runtime.CompilerServices",
        "System.Security.Cryptography",
        "System.Text",
        "System.Text.Json",
        "System.Text.Json.Nodes",
        "System.Text.Json.Serialization",
        "System.Text.RegularExpressions",
        "System.Threading",
        "System.Threading.Tasks",
    ];

    /// <summary>Types of allowed namespaces that reach outside the boundary, with why.</summary>
    private static readonly Dictionary<string, string> BannedTypes = new(StringComparer.Ordinal)
    {
        ["System.Environment"] = "process environment and exit",
        ["System.AppDomain"] = "loading code",
        ["System.Activator"] = "reflection by name",
        ["System.Runtime.CompilerServices.Unsafe"] = "unsafe memory access",
        ["System.Runtime.CompilerServices.RuntimeHelpers"] = "runtime internals",
        ["System.GC"] = "runtime internals",
        ["System.IO.File"] = "file system access",
        ["System.IO.FileInfo"] = "file system access",
        ["System.IO.Directory"] = "file system access",
        ["System.IO.DirectoryInfo"] = "file system access",
        ["System.IO.FileSystemInfo"] = "file system access",
        ["System.IO.FileStream"] = "file system access",
        ["System.IO.DriveInfo"] = "file system access",
        ["System.IO.FileSystemWatcher"] = "file system access",
        ["System.IO.RandomAccess"] = "file system access",
    };

    /// <summary>Members of allowed types that load types by name.</summary>
    private static readonly HashSet<string> BannedMembers = new(StringComparer.Ordinal)
    {
        "System.Type.GetType",
        "System.Type.InvokeMember",
        "System.Type.GetTypeFromProgID",
        "System.Type.GetTypeFromCLSID",
    };

    /// <summary>Types whose constructors taking a path (a string first) open files.</summary>
    private static readonly HashSet<string> PathConstructors = new(StringComparer.Ordinal)
    {
        "System.IO.StreamReader",
        "System.IO.StreamWriter",
    };

    /// <summary>Why common namespaces outside the list are refused, for the message.</summary>
    private static readonly (string Prefix, string Why)[] Reasons =
    [
        ("System.IO", "file system access"),
        ("System.Diagnostics", "processes and debugging"),
        ("System.Reflection", "reflection and emitting code"),
        ("System.Runtime.InteropServices", "native code (P/Invoke)"),
        ("System.Runtime.Loader", "loading code"),
        ("System.Net.Sockets", "raw network access; use context.Http"),
        ("System.Security", "security internals"),
        ("Microsoft.Win32", "the registry"),
    ];

    public const string AllowedList =
        "Workspace code can only import from the public API:\n" +
        "  - Stepwise.Sdk (for [Workflow], [Param], [DataProvider], [Action], IWorkflowContext, WorkflowException)\n" +
        "  - System, System.Collections.*, System.Linq, System.Text, System.Text.Json.*, System.Text.RegularExpressions,\n" +
        "    System.Globalization, System.Numerics, System.Threading, System.Threading.Tasks (values, collections, text, tasks)\n" +
        "  - System.IO streams and Path, without files or folders (File, Directory, FileStream... are refused)\n" +
        "  - System.Net, System.Net.Http.* (for context.Http)\n" +
        "Use the context for configuration, secrets, OAuth, logging, HTTP and child workflows.";

    public static IEnumerable<WorkspaceDiagnostic> Check(SyntaxTree tree, SemanticModel model, IAssemblySymbol workspace)
    {
        var reported = new HashSet<(int Line, string Target)>();
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            (string? Target, string? Message) problem = node switch
            {
                UsingDirectiveSyntax { Name: { } name } => CheckEngine(name) is { Target: not null } engine ? engine : CheckName(model, name, workspace, exact: true),
                QualifiedNameSyntax or MemberAccessExpressionSyntax when !IsInUsing(node) && CheckEngine(node) is { Target: not null } engine => engine,
                MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.ExternKeyword) =>
                    ("extern", "Workspace code cannot declare extern methods (native code, P/Invoke)."),
                SimpleNameSyntax simple when !IsInUsing(simple) && !IsQualifier(simple) => CheckName(model, simple, workspace),
                ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => CheckPathConstructor(model, node),
                _ => default,
            };
            if (problem.Target is null)
            {
                continue;
            }

            var span = (node is MethodDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : node.GetLocation()).GetLineSpan();
            var line = span.StartLinePosition.Line + 1;
            if (reported.Add((line, problem.Target)))
            {
                yield return new WorkspaceDiagnostic(
                    span.Path, line, span.StartLinePosition.Character + 1, DiagnosticId, problem.Message!);
            }
        }
    }

    public static string MessageFor(string @namespace, string? why) =>
        (@namespace.StartsWith("Stepwise.", StringComparison.Ordinal) || @namespace == "Stepwise"
            ? $"Workspace code cannot import engine module '{@namespace}'."
            : $"Workspace code cannot import '{@namespace}'{(why is null ? "" : $" ({why})")}.")
        + "\n\n" + AllowedList;

    private static (string? Target, string? Message) CheckName(
        SemanticModel model, NameSyntax name, IAssemblySymbol workspace, bool exact = false)
    {
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is null || SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, workspace))
        {
            return default;
        }

        if (symbol is IAliasSymbol alias)
        {
            symbol = alias.Target;
        }

        if (symbol is INamespaceSymbol ns)
        {
            var full = ns.ToDisplayString();
            return ns.IsGlobalNamespace || (exact ? IsAllowed(full) : IsAllowedOrAncestor(full))
                ? default
                : (full, MessageFor(full, WhyNot(full)));
        }

        var problem = CheckType(symbol as INamedTypeSymbol ?? symbol.ContainingType, symbol);
        if (problem.Target is not null)
        {
            return problem;
        }

        // What a member gives back counts too: typeof(x).GetMethods() reaches System.Reflection without naming it.
        var given = symbol switch
        {
            IMethodSymbol { MethodKind: not MethodKind.Constructor } method => method.ReturnType,
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
        while (given is IArrayTypeSymbol array)
        {
            given = array.ElementType;
        }

        if (given is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments: [var result] })
        {
            given = result;
        }

        return given is INamedTypeSymbol named && !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, workspace)
            ? CheckType(named, null)
            : default;
    }

    private static (string? Target, string? Message) CheckType(INamedTypeSymbol? type, ISymbol? symbol)
    {
        if (symbol is IMethodSymbol { ReducedFrom: { } reduced })
        {
            type = reduced.ContainingType;
        }

        if (type is null)
        {
            return default;
        }

        type = type.OriginalDefinition;
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        var typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "", StringComparison.Ordinal);
        var arity = typeName.IndexOf('<', StringComparison.Ordinal);
        typeName = arity < 0 ? typeName : typeName[..arity];
        if (BannedTypes.TryGetValue(typeName, out var typeWhy))
        {
            return (typeName, MessageFor(typeName, typeWhy));
        }

        if (symbol is IMethodSymbol member && BannedMembers.Contains($"{typeName}.{member.Name}"))
        {
            var memberName = $"{typeName}.{member.Name}";
            return (memberName, MessageFor(memberName, "reflection by name"));
        }

        var @namespace = type.ContainingNamespace?.ToDisplayString() ?? "";
        return type.ContainingNamespace is null or { IsGlobalNamespace: true } || IsAllowed(@namespace)
            ? default
            : (@namespace, MessageFor(@namespace, WhyNot(@namespace)));
    }

    private static (string? Target, string? Message) CheckPathConstructor(SemanticModel model, SyntaxNode creation)
    {
        if (model.GetSymbolInfo(creation).Symbol is IMethodSymbol { Parameters: [{ Type.SpecialType: SpecialType.System_String }, ..] } constructor
            && PathConstructors.Contains(constructor.ContainingType.ToDisplayString()))
        {
            var name = $"{constructor.ContainingType.ToDisplayString()}(string path)";
            return (name, MessageFor(name, "file system access"));
        }

        return default;
    }

    // In A.B.C the namespaces A and A.B are reached through C, which is checked; only C is reported.
    private static bool IsQualifier(SimpleNameSyntax name)
    {
        SyntaxNode node = name;
        while (node.Parent is QualifiedNameSyntax q && q.Right == node || node.Parent is MemberAccessExpressionSyntax m && m.Name == node)
        {
            node = node.Parent;
        }

        return node.Parent is QualifiedNameSyntax outer && outer.Left == node
               || node.Parent is MemberAccessExpressionSyntax access && access.Expression == node;
    }

    private static bool IsAllowed(string @namespace) => Array.IndexOf(AllowedNamespaces, @namespace) >= 0;

    // "Stepwise" alone appears as the left part of "Stepwise.Sdk"; only its disallowed children are reported.
    private static bool IsAllowedOrAncestor(string @namespace) =>
        IsAllowed(@namespace) || AllowedNamespaces.Any(a => a.StartsWith(@namespace + ".", StringComparison.Ordinal));

    private static string? WhyNot(string @namespace) =>
        Reasons.FirstOrDefault(r => @namespace == r.Prefix || @namespace.StartsWith(r.Prefix + ".", StringComparison.Ordinal)).Why;

    private static bool IsInUsing(SyntaxNode node) => node.Ancestors().Any(a => a is UsingDirectiveSyntax);

    /// <summary>
    /// Engine assemblies are not referenced at all, so their names do not bind; they are recognised by their text
    /// (<c>Stepwise.Storage.X</c>) to say why rather than leave the compiler's "does not exist".
    /// </summary>
    private static (string? Target, string? Message) CheckEngine(SyntaxNode name)
    {
        var text = string.Concat(name.ToString().Where(c => !char.IsWhiteSpace(c)));
        if (text.StartsWith("global::", StringComparison.Ordinal))
        {
            text = text["global::".Length..];
        }

        var parts = text.Split('.');
        if (parts.Length < 2 || parts[0] != "Stepwise" || parts[1] == "Sdk")
        {
            return default;
        }

        var module = $"Stepwise.{parts[1]}";
        return (module, MessageFor(module, null));
    }
}
