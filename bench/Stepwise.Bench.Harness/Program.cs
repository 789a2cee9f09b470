using Stepwise.Bench.Harness;

var options = HarnessOptions.Parse(args, out var problem);
if (options is null)
{
    await Console.Error.WriteLineAsync(problem + "\n" + HarnessOptions.Usage);
    return 2;
}

return await new BenchRun(options).RunAsync();
