using Microsoft.Extensions.Configuration;

namespace Stepwise.Cli.Commands;

/// <summary>What a verb that opens the store resolved: the node's options and the settings they were read from.</summary>
internal sealed record NodeSettings(ServerOptions Options, IConfiguration Configuration);
