using BenchmarkDotNet.Attributes;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>
/// The tick's escalation pass over <see cref="Waiting"/> contacts of mixed urgency and age,
/// none of them out on an offer.
/// </summary>
[MemoryDiagnoser]
public class DueForEscalationBenchmarks
{
    private Dispatcher _dispatcher = null!;

    [Params(10, 100, 1_000, 10_000)]
    public int Waiting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dispatcher = new Dispatcher(RoutingData.Region, RoutingData.Options);
        for (var i = 0; i < Waiting; i++)
        {
            _dispatcher.Enqueue(RoutingData.Waiting(i));
        }

        var due = DueForEscalation();
        var national = due.Count(d => d.Level == EscalationLevel.National);
        if (due.Count == 0 || due.Count == Waiting || national == 0 || national == due.Count)
        {
            throw new InvalidOperationException($"expected a mix of levels, got {due.Count} due ({national} national) of {Waiting}");
        }
    }

    [Benchmark]
    public List<(QueueEntry Entry, EscalationLevel Level)> DueForEscalation() =>
        _dispatcher.DueForEscalation(RoutingData.Now);
}
