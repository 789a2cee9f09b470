using System.Reflection;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Cli.Tests;

/// <summary>
/// The house rule for log events: every <c>[LoggerMessage]</c> in every Stepwise assembly takes its id from
/// <see cref="LogEventIds"/>, ids and event names are unique, and each id lies in its area's range.
/// </summary>
public sealed class LogEventIdTableTests
{
    [Fact]
    public void StepwiseAssemblies_AreAllFound()
    {
        var names = StepwiseAssemblies().Select(a => a.GetName().Name).ToHashSet(StringComparer.Ordinal);

        foreach (var expected in new[] { "Stepwise.Core", "Stepwise.Storage", "Stepwise.Workspace", "Stepwise.Hosting", "Stepwise.Server", "stepwise" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public void LoggerMessages_EveryId_IsInTheTable()
    {
        var table = TableIds().Select(entry => entry.Id).ToHashSet();

        var missing = LoggerMessages().Where(message => !table.Contains(message.Id)).Select(message => message.ToString()).ToList();

        Assert.True(missing.Count == 0, "not in LogEventIds: " + string.Join("; ", missing));
    }

    [Fact]
    public void LoggerMessages_Ids_AreUnique()
    {
        var messages = LoggerMessages();
        Assert.NotEmpty(messages);

        var clashes = messages.GroupBy(message => message.Id).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group)}").ToList();

        Assert.True(clashes.Count == 0, "event ids used twice: " + string.Join("; ", clashes));
    }

    [Fact]
    public void LoggerMessages_EventNames_AreUniqueAndPresent()
    {
        var messages = LoggerMessages();

        var unnamed = messages.Where(message => string.IsNullOrWhiteSpace(message.Name)).ToList();
        var clashes = messages.GroupBy(message => message.Name, StringComparer.Ordinal).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group)}").ToList();

        Assert.True(unnamed.Count == 0, "events without an EventName: " + string.Join("; ", unnamed));
        Assert.True(clashes.Count == 0, "event names used twice: " + string.Join("; ", clashes));
    }

    [Fact]
    public void Table_Ids_AreUniqueAndInsideTheirArea()
    {
        var entries = TableIds();

        var clashes = entries.GroupBy(entry => entry.Id).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(entry => entry.Name))}").ToList();
        var outside = entries.Where(entry => entry.Id < entry.First || entry.Id > entry.Last)
            .Select(entry => $"{entry.Name} = {entry.Id} (area {entry.First}-{entry.Last})").ToList();

        Assert.True(clashes.Count == 0, "ids listed twice: " + string.Join("; ", clashes));
        Assert.True(outside.Count == 0, "ids outside their area: " + string.Join("; ", outside));
    }

    [Fact]
    public void Table_Areas_DoNotOverlap()
    {
        var areas = typeof(LogEventIds).GetNestedTypes()
            .Select(area => (area.Name, First: Constant(area, "First"), Last: Constant(area, "Last")))
            .OrderBy(area => area.First)
            .ToList();

        Assert.All(areas, area => Assert.True(area.First <= area.Last, area.Name));
        for (var i = 1; i < areas.Count; i++)
        {
            Assert.True(areas[i].First > areas[i - 1].Last, $"{areas[i - 1].Name} and {areas[i].Name} overlap");
        }

        // Reserved for work in flight elsewhere: the sections exist so new events have a home.
        var names = areas.Select(area => area.Name).ToList();
        Assert.Superset(
            new HashSet<string>(["Records", "Dashboard", "Workspace", "Agents", "Webhooks", "Hosting", "Operations", "Reliability", "Performance"]),
            names.ToHashSet());
    }

    private static List<TableEntry> TableIds() =>
        [.. typeof(LogEventIds).GetNestedTypes().SelectMany(area =>
        {
            var first = Constant(area, "First");
            var last = Constant(area, "Last");
            return area.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && field.Name is not ("First" or "Last"))
                .Select(field => new TableEntry($"{area.Name}.{field.Name}", (int)field.GetRawConstantValue()!, first, last));
        })];

    private static int Constant(Type area, string name) =>
        (int)area.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    private static List<LoggedEvent> LoggerMessages() =>
        [.. StepwiseAssemblies()
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (method, attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(found => found.attribute is not null)
            .Select(found => new LoggedEvent(
                found.attribute!.EventId, found.attribute.EventName, $"{found.method.DeclaringType!.FullName}.{found.method.Name}"))];

    /// <summary>Every Stepwise assembly beside the tests (the program is <c>stepwise</c>), without test code.</summary>
    private static List<Assembly> StepwiseAssemblies() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null
                && (name == "stepwise" || name.StartsWith("Stepwise.", StringComparison.Ordinal))
                && !name.EndsWith(".Tests", StringComparison.Ordinal)
                && name != "Stepwise.Testing")
            .Select(name => Assembly.Load(new AssemblyName(name!)))];

    private sealed record TableEntry(string Name, int Id, int First, int Last);

    private sealed record LoggedEvent(int Id, string? Name, string Method)
    {
        public override string ToString() => $"{Method} ({Id} {Name})";
    }
}
