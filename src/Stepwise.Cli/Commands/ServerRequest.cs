namespace Stepwise.Cli.Commands;

/// <summary>The request a client verb sends: a method and a path relative to the server (query included).</summary>
internal readonly record struct ServerRequest(HttpMethod Method, string Path);
