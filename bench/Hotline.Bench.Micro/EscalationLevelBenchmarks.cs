using BenchmarkDotNet.Attributes;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>The cost of deciding one contact's escalation level, averaged over a mixed batch.</summary>
[MemoryDiagnoser]
public class EscalationLevelBenchmarks
{
    private const int Batch = 1_024;

    private readonly EscalationPolicy _policy = new(RoutingData.Options);
    private WaitingContact[] _contacts = [];

    [GlobalSetup]
    public void Setup()
    {
        _contacts = [.. Enumerable.Range(0, Batch).Select(RoutingData.Waiting)];
        var levels = _contacts.Select(c => _policy.LevelFor(c, RoutingData.Now)).Distinct().Count();
        if (levels != Enum.GetValues<EscalationLevel>().Length)
        {
            throw new InvalidOperationException($"expected contacts at every level, found {levels} levels");
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int LevelFor()
    {
        var sum = 0;
        foreach (var contact in _contacts)
        {
            sum += (int)_policy.LevelFor(contact, RoutingData.Now);
        }

        return sum;
    }
}
