using Stepwise.Cli.Commands;

return await StepwiseCommandLine.InvokeAsync(args);
