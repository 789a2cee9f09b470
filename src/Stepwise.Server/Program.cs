using Stepwise.Server;

// `stepwise serve` is the usual way in; this entry point serves the same host for `dotnet run` and for tests.
return await StepwiseServer.RunAsync(args, settings: null, Console.Error);

/// <summary>The entry point, public so tests can name it in <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
