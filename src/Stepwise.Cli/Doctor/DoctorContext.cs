using Stepwise.Cli.Commands;
using Stepwise.Storage;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// What the checks of one <c>stepwise doctor</c> run share: the node's settings as <c>stepwise serve</c> would resolve
/// them (null when they do not resolve), and the store once a check opened it. The store is opened only when its
/// schema is this build's: opening migrates, and the doctor changes nothing.
/// </summary>
internal sealed class DoctorContext(NodeSettings? node, string? settingsError, TimeProvider time) : IAsyncDisposable
{
    public NodeSettings? Node => node;

    /// <summary>Why the settings do not resolve, when <see cref="Node"/> is null.</summary>
    public string? SettingsError => settingsError;

    public TimeProvider Time => time;

    /// <summary>The listen addresses (<c>--urls</c>), when given; else the settings' or the default.</summary>
    public string? Urls { get; init; }

    /// <summary>The running server to ask (<c>--server</c>), or null.</summary>
    public Uri? Server { get; init; }

    /// <summary>The schema version found by the store check, or null when the store could not be read.</summary>
    public int? SchemaVersion { get; set; }

    /// <summary>The store, open when its schema is current (set by the store check).</summary>
    public StepwiseStorage? Storage { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Storage is not null)
        {
            await Storage.DisposeAsync();
        }
    }
}
