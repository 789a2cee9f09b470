namespace Stepwise.Cli.Commands;

internal enum OutputFormat
{
    Text,
    Json,
}
