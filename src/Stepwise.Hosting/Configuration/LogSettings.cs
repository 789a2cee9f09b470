
namespace Stepwise.Hosting.Configuration;

/// <summary>
/// LOG_LEVEL (debug, info, warn, error; default info), LOG_FORMAT (json, the default, or text), LOG_OUTPUT (stdout,
/// the default, stderr, or a file path: rotated at <see cref="FileSizeLimitBytes"/>, <see cref="RetainedFiles"/>
/// files kept) and LOG_ADD_SOURCE (true adds the file and line that logged each event).
/// </summary>
internal sealed record LogSettings(LogLevel Level, bool Json, LogOutput Output, string? FilePath, bool AddSource)
{
    public const string LevelKey = "LOG_LEVEL";
    public const string FormatKey = "LOG_FORMAT";
    public const string OutputKey = "LOG_OUTPUT";
    public const string AddSourceKey = "LOG_ADD_SOURCE";

    public const long FileSizeLimitBytes = 10 * 1024 * 1024;
    public const int RetainedFiles = 5;

    /// <summary>The size at which the log file is rotated; <see cref="FileSizeLimitBytes"/> except in tests.</summary>
    public long FileSizeLimit { get; init; } = FileSizeLimitBytes;

    public static LogSettings Default { get; } = new(LogLevel.Information, true, LogOutput.Stdout, null, false);

    /// <summary>Reads and checks the four settings; a bad value throws with the setting's name and the choices.</summary>
    public static LogSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var level = Lower(configuration, LevelKey) switch
        {
            null => LogLevel.Information,
            "debug" or "trace" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            var other => throw new ServerConfigurationException(
                $"{LevelKey}: '{other}' is not one of debug, info, warn, error."),
        };
        var json = Lower(configuration, FormatKey) switch
        {
            null or "json" => true,
            "text" => false,
            var other => throw new ServerConfigurationException($"{FormatKey}: '{other}' is not json or text."),
        };
        var (output, path) = ReadOutput(configuration);
        var addSource = SettingValues.Bool(configuration, AddSourceKey);
        return new LogSettings(level, json, output, path, addSource);
    }

    private static (LogOutput Output, string? Path) ReadOutput(IConfiguration configuration)
    {
        var raw = configuration[OutputKey]?.Trim();
        switch (raw?.ToLowerInvariant())
        {
            case null or "" or "stdout":
                return (LogOutput.Stdout, null);
            case "stderr":
                return (LogOutput.Stderr, null);
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(raw!);
            if (Directory.Exists(fullPath))
            {
                throw new ServerConfigurationException(
                    $"{OutputKey}: '{raw}' is a folder; give a file path such as {Path.Combine(raw!, "stepwise.log")}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            using (new FileStream(fullPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                // Opening once proves the file can be written before the server starts.
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            or ArgumentException or NotSupportedException)
        {
            throw new ServerConfigurationException(
                $"{OutputKey}: cannot write log file '{raw}': {exception.Message} Use stdout, stderr or a writable file path.");
        }

        return (LogOutput.File, fullPath);
    }

    private static string? Lower(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
    }
}
