using System.Text.Json.Nodes;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Definitions.Validation;
using Stepwise.Core.Diagnostics;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>
/// A known set of workflows (a folder, or an organization's deployed workflows), each validated against the
/// others: <c>workflow</c> nodes must name a member, and a child's output type types its parent's node. Children
/// are validated before their parents, on demand; a loop of workflows calling each other types as <c>any</c>.
/// </summary>
public sealed class WorkflowSet : IWorkflowCatalog
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private readonly ActionRegistry _actions;
    private readonly List<Member> _members = [];
    private readonly Dictionary<string, Member> _byName = new(StringComparer.Ordinal);

    private WorkflowSet(ActionRegistry actions) => _actions = actions;

    /// <summary>Every file, in path order, with its result.</summary>
    public IReadOnlyList<WorkflowFile> Files => [.. _members.Select(m => new WorkflowFile(m.Path, m.Result!))];

    /// <inheritdoc/>
    public bool IsComplete { get; private init; } = true;

    /// <summary>Problems of the set itself, e.g. a folder that cannot be read.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; private set; } = [];

    public bool IsValid => Diagnostics.Count == 0 && _members.All(m => m.Result!.Succeeded);

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Loads every .yaml, .yml and .json file directly inside <paramref name="directory"/>.</summary>
    public static async Task<WorkflowSet> LoadFolderAsync(
        string directory,
        ActionRegistry actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string[] paths;
        try
        {
            paths = [.. Directory.EnumerateFiles(directory)
                .Where(p => Extensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var set = new WorkflowSet(actions)
            {
                Diagnostics = [Diagnostic.Error($"cannot read the folder: {exception.Message}", new SourceLocation(directory, 0, 0))],
            };
            return set;
        }

        return Build(await ReadAsync(paths, cancellationToken).ConfigureAwait(false), actions);
    }

    /// <summary>
    /// The files given together (e.g. <c>stepwise validate a.yaml b.yaml</c>), each validated against the others. The
    /// set is partial (<see cref="IsComplete"/> is false): a child outside it is not checked, only warned about.
    /// </summary>
    public static async Task<WorkflowSet> LoadFilesAsync(
        IEnumerable<string> paths,
        ActionRegistry actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Build(await ReadAsync(paths, cancellationToken).ConfigureAwait(false), actions, complete: false);
    }

    private static async Task<List<(string Path, string? Text, Diagnostic? Error)>> ReadAsync(
        IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var sources = new List<(string Path, string? Text, Diagnostic? Error)>();
        foreach (var path in paths)
        {
            var (text, error) = await WorkflowLoader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
            sources.Add((path, text, error));
        }

        return sources;
    }

    /// <summary>Builds a set from documents already in memory, e.g. an organization's stored definitions.</summary>
    public static WorkflowSet FromSources(IEnumerable<(string Path, string Text)> sources, ActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return Build([.. sources.Select(s => (s.Path, (string?)s.Text, (Diagnostic?)null))], actions);
    }

    /// <summary>Validates another document against this set (e.g. <c>stepwise validate x.yaml --workflows DIR</c>).</summary>
    public LoadResult Load(string text, string? path) => WorkflowLoader.Load(text, path, _actions, this);

    public bool TryGet(string name, out WorkflowDefinition? definition)
    {
        definition = _byName.TryGetValue(name, out var member) ? Validate(member).Definition : null;
        return definition is not null;
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public DataType? GetOutputType(string name)
    {
        if (!_byName.TryGetValue(name, out var member))
        {
            return null;
        }

        // A child still being validated is an ancestor of the asker: workflows calling each other in a loop.
        if (member.InProgress)
        {
            return DataType.Any;
        }

        var result = Validate(member);
        return result.Succeeded ? result.OutputType : DataType.Any;
    }

    public IReadOnlyList<ParamDefinition>? GetParams(string name) =>
        _byName.TryGetValue(name, out var member) && !member.InProgress ? Validate(member).Definition?.Params : null;

    private static WorkflowSet Build(
        List<(string Path, string? Text, Diagnostic? Error)> sources, ActionRegistry actions, bool complete = true)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var set = new WorkflowSet(actions) { IsComplete = complete };
        foreach (var (path, text, error) in sources)
        {
            var member = new Member(path);
            if (text is null)
            {
                member.Result = new LoadResult(null, [error!], null, DataType.Any);
            }
            else if (DocumentReader.Read(text, path, out var parseError) is { } document)
            {
                member.Document = document;
                member.Name = document.Root is JsonObject root && JsonText.TryGetString(root["name"], out var name) ? name : null;
            }
            else
            {
                member.Result = new LoadResult(null, [parseError!], null, DataType.Any);
            }

            set._members.Add(member);
            if (member.Name is not null && !set._byName.TryAdd(member.Name, member))
            {
                member.Duplicate = set._byName[member.Name].Path;
            }
        }

        foreach (var member in set._members)
        {
            set.Validate(member);
        }

        return set;
    }

    private LoadResult Validate(Member member)
    {
        if (member.Result is not null)
        {
            return member.Result;
        }

        member.InProgress = true;
        var result = WorkflowValidator.Validate(member.Document!, _actions, this);
        member.InProgress = false;
        if (member.Duplicate is not null)
        {
            var duplicate = Diagnostic.Error(
                $"duplicate workflow name '{member.Name}': {member.Duplicate} has it too",
                member.Document!.Map.OfValue((JsonObject)member.Document.Root!, "name"));
            result = result with { Definition = null, Diagnostics = [duplicate, .. result.Diagnostics] };
        }

        member.Result = result;
        member.Document = null;
        return result;
    }

    private sealed class Member(string path)
    {
        public string Path { get; } = path;

        public string? Name { get; set; }

        public ParsedDocument? Document { get; set; }

        public LoadResult? Result { get; set; }

        public bool InProgress { get; set; }

        public string? Duplicate { get; set; }
    }
}
