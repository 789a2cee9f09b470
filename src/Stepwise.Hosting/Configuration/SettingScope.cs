namespace Stepwise.Hosting.Configuration;

/// <summary>Who reads a setting, which decides where it may be set and what checks it.</summary>
internal enum SettingScope
{
    /// <summary>Read by <c>stepwise serve</c> through <see cref="ServerSettings"/>; env or stepwise.json.</summary>
    Server,

    /// <summary>Read by <c>stepwise serve</c> through <see cref="LogSettings"/>; env or stepwise.json.</summary>
    Logging,

    /// <summary>Read by <c>stepwise serve</c> through <see cref="TraceSettings"/>; env or stepwise.json.</summary>
    Tracing,

    /// <summary>Read from the environment only, by the CLI client verbs or to find stepwise.json itself.</summary>
    EnvironmentOnly,
}
