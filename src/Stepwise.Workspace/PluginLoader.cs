using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>
/// Loads plug-in assemblies (every .dll of the plug-ins folder, each in its own load context resolving its
/// dependencies beside it; Stepwise.Sdk and the BCL come from the engine) and creates their [Action] classes. A
/// plug-in that fails to load is logged and skipped: it never stops the server.
/// </summary>
public static class PluginLoader
{
    public static IReadOnlyList<IAction> Load(string folder, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var actions = new List<IAction>();
        if (!Directory.Exists(folder))
        {
            return actions;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                var context = new PluginLoadContext(path);
                var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
                var found = assembly.GetExportedTypes()
                    .Where(t => t.GetCustomAttribute<ActionAttribute>() is not null)
                    .Select(t => Create(t, path))
                    .ToList();
                actions.AddRange(found);
                Log.PluginLoaded(logger, path, string.Join(", ", found.Select(a => a.Name)));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.PluginFailed(logger, path, exception.Message);
            }
        }

        return actions;
    }

    private static IAction Create(Type type, string path)
    {
        var declared = type.GetCustomAttribute<ActionAttribute>()!.Type;
        if (Activator.CreateInstance(type) is not IAction action)
        {
            throw new InvalidOperationException($"[Action(\"{declared}\")] {type.FullName} in {path} does not implement IAction");
        }

        return action.Name == declared
            ? action
            : throw new InvalidOperationException($"[Action(\"{declared}\")] {type.FullName} names itself '{action.Name}'; the two must match");
    }

    private sealed class PluginLoadContext(string path) : AssemblyLoadContext($"plugin-{Path.GetFileNameWithoutExtension(path)}")
    {
        private readonly AssemblyDependencyResolver _resolver = new(Path.GetFullPath(path));

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is "Stepwise.Sdk" || Default.Assemblies.Any(a => a.GetName().Name == assemblyName.Name))
            {
                return null;
            }

            var resolved = _resolver.ResolveAssemblyToPath(assemblyName);
            return resolved is null ? null : LoadFromAssemblyPath(resolved);
        }
    }
}
