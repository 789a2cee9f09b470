namespace Stepwise.Server.Observability.Logging;

internal enum LogOutput
{
    Stdout,
    Stderr,
    File,
}
