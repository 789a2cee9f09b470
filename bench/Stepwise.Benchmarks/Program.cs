using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Stepwise.Benchmarks.LogPipelineBenchmarks).Assembly).Run(args);
