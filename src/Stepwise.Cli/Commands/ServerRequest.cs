namespace Stepwise.Cli.Commands;

/// <summary>
/// The request a client verb sends: a method, a path relative to the server (query included) and, for writes, a
/// JSON body.
/// </summary>
internal readonly record struct ServerRequest(HttpMethod Method, string Path, string? JsonBody = null);
