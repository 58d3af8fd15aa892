using BenchmarkDotNet.Running;
using Hotline.Bench.Micro;

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
