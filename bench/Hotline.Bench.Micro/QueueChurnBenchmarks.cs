using BenchmarkDotNet.Attributes;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>
/// One contact joins a queue already holding <see cref="Waiting"/> contacts and leaves again:
/// on the bare <see cref="WaitingQueue"/>, and through a dispatcher with no responders.
/// </summary>
[MemoryDiagnoser]
public class QueueChurnBenchmarks
{
    private WaitingQueue _queue = null!;
    private Dispatcher _dispatcher = null!;
    private WaitingContact _arrival = null!;

    [Params(10, 100, 1_000, 10_000, 100_000)]
    public int Waiting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _queue = new WaitingQueue();
        _dispatcher = new Dispatcher(RoutingData.Region, RoutingData.Options);
        for (var i = 0; i < Waiting; i++)
        {
            var contact = RoutingData.Waiting(i);
            _queue.Add(contact);
            _dispatcher.Enqueue(contact);
        }

        // A new normal-urgency arrival: it sorts behind every normal contact already waiting.
        _arrival = RoutingData.Contact(Waiting, Urgency.Normal, RoutingData.Now);

        if (QueueAddRemove() is null || DispatcherEnqueueRemove() is null
            || _queue.Count != Waiting || _dispatcher.Queue.Count != Waiting)
        {
            throw new InvalidOperationException("insert and remove did not leave the queue as it was");
        }
    }

    [Benchmark(Baseline = true)]
    public QueueEntry? QueueAddRemove()
    {
        _queue.Add(_arrival);
        return _queue.Remove(_arrival.ContactId);
    }

    [Benchmark]
    public QueueEntry? DispatcherEnqueueRemove()
    {
        _dispatcher.Enqueue(_arrival);
        return _dispatcher.Remove(_arrival.ContactId);
    }
}
