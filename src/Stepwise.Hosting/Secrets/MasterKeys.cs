
namespace Stepwise.Hosting.Secrets;

/// <summary>
/// Where the master keys come from: <c>STEPWISE_MASTER_KEY</c> (base64 of 32 bytes) and, during a rotation,
/// <c>STEPWISE_PREVIOUS_MASTER_KEY</c>; without them the key file in the data folder, generated at first use.
/// </summary>
internal static class MasterKeys
{
    public const string MasterKeyKey = "STEPWISE_MASTER_KEY";

    public const string PreviousMasterKeyKey = "STEPWISE_PREVIOUS_MASTER_KEY";

    public static MasterKeyRing Load(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fromEnvironment = configuration[MasterKeyKey];
        var previousText = configuration[PreviousMasterKeyKey];
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!string.IsNullOrWhiteSpace(previousText))
            {
                throw new ServerConfigurationException(
                    $"{PreviousMasterKeyKey} is set but {MasterKeyKey} is not: the previous key only helps a rotation to a new {MasterKeyKey}.");
            }

            var path = MasterKeyFile.PathIn(dataDirectory);
            var keys = MasterKeyFile.LoadOrCreate(path);
            return new MasterKeyRing(keys[0], keys.Skip(1), path);
        }

        var current = Parse(MasterKeyKey, fromEnvironment);
        var previous = string.IsNullOrWhiteSpace(previousText) ? [] : new[] { Parse(PreviousMasterKeyKey, previousText) };
        return new MasterKeyRing(current, previous, MasterKeyKey);
    }

    /// <summary>Rejects a key setting that is not base64 of 32 bytes, so a bad key stops the server at start.</summary>
    public static void CheckFormat(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var setting in new[] { MasterKeyKey, PreviousMasterKeyKey })
        {
            if (configuration[setting] is { } text && !string.IsNullOrWhiteSpace(text))
            {
                Parse(setting, text);
            }
        }
    }

    private static MasterKey Parse(string setting, string text) =>
        MasterKey.Parse(text, out var problem)
            ?? throw new ServerConfigurationException(
                $"{setting} {problem}: expected the base64 text of {MasterKey.Length} random bytes (e.g. `openssl rand -base64 32`).");
}
