using System.Diagnostics;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>
/// Compiles a workspace with Roslyn against the .NET 10 reference assemblies and Stepwise.Sdk, with the implicit
/// usings of a console project, then applies the import rule and discovery. Pure: no loading, no state.
/// </summary>
internal static class WorkspaceCompiler
{
    public const string ImplicitUsingsPath = "<implicit usings>";

    private const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(WorkflowAttribute).Assembly.Location)]);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Compiler ids a refused import also causes (the engine's assemblies are not referenced): the rule's message says why.
    private static readonly HashSet<string> ExplainedByImportRule = new(StringComparer.Ordinal) { "CS0234", "CS0246", "CS0103" };

    public static CompileResult Compile(WorkspaceSources sources, IReadOnlySet<string> externalProviders)
    {
        var watch = Stopwatch.StartNew();
        var trees = new List<SyntaxTree>(sources.Files.Count + 1)
        {
            CSharpSyntaxTree.ParseText(SourceText.From(ImplicitUsings, Encoding.UTF8), ParseOptions, ImplicitUsingsPath),
        };
        trees.AddRange(sources.Files.Select(f =>
            CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), ParseOptions, f.Path)));
        var compilation = CSharpCompilation.Create(
            $"Stepwise.Workspace.{sources.Hash[..16]}",
            trees,
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: false,
                concurrentBuild: true));

        // The rule reads one tree at a time; trees are independent, so they are checked in parallel.
        var refused = new List<WorkspaceDiagnostic>[trees.Count];
        Parallel.For(1, trees.Count, i =>
            refused[i] = [.. ImportRule.Check(trees[i], compilation.GetSemanticModel(trees[i]), compilation.Assembly)]);
        var errors = refused.Where(r => r is not null).SelectMany(r => r).ToList();

        // Emitting binds every method once and reports the compiler's errors; a separate GetDiagnostics would bind twice.
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(pe, pdb);
        var refusedLines = errors.Select(e => (e.File, e.Line)).ToHashSet();
        errors.AddRange(emitted.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(ToDiagnostic)
            .Where(d => !(ExplainedByImportRule.Contains(d.Id) && refusedLines.Contains((d.File, d.Line)))));
        if (errors.Count > 0)
        {
            return CompileResult.Failed(sources, Sorted(errors), watch.Elapsed);
        }

        var discovery = WorkspaceDiscovery.Run(compilation, externalProviders);
        if (discovery.Errors.Count > 0)
        {
            return CompileResult.Failed(sources, Sorted(discovery.Errors), watch.Elapsed);
        }

        return new CompileResult(sources, [], pe.ToArray(), pdb.ToArray(), discovery, watch.Elapsed);
    }

    private static List<WorkspaceDiagnostic> Sorted(IEnumerable<WorkspaceDiagnostic> diagnostics) =>
        [.. diagnostics.Distinct().OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)];

    private static WorkspaceDiagnostic ToDiagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new WorkspaceDiagnostic(
            span.Path ?? "",
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            diagnostic.Id,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
