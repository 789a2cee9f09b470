using System.Text.Json;

namespace Stepwise.Core.Storage;

/// <summary>
/// How deep the JSON a server keeps and shows (params, triggers, step inputs and outputs) may nest. A request body may
/// nest only 64 levels (ServerOptions.MaxJsonDepth), but what is kept wraps what was received (a webhook's body inside
/// the run's trigger, a response body inside a step's output, the run inside an API answer) and steps nest each
/// other's outputs. So it is read and written up to System.Text.Json's own writer limit: whatever was accepted can
/// always be stored, read back and shown.
/// </summary>
internal static class StoredJson
{
    public const int MaxDepth = 1000;

    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = MaxDepth };
}
