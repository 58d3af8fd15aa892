using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Hotline.Bench.Micro;

/// <summary>The default job: short enough that the whole suite runs in a few minutes on two cores.</summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("Short").AsDefault());
}
