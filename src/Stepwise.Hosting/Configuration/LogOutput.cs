namespace Stepwise.Hosting.Configuration;

internal enum LogOutput
{
    Stdout,
    Stderr,
    File,
}
