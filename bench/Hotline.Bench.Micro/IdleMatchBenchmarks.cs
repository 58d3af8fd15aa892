using BenchmarkDotNet.Attributes;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>
/// MatchLocal when it can offer nothing: <see cref="Waiting"/> contacts and
/// <see cref="Responders"/> responders, none free. A third hold an offer from this
/// dispatcher, a third one from elsewhere, a third are away. The dispatcher pays this on
/// every tick and every event while the region is saturated.
/// </summary>
[MemoryDiagnoser]
public class IdleMatchBenchmarks
{
    private Dispatcher _dispatcher = null!;

    [Params(1_000, 10_000)]
    public int Waiting { get; set; }

    [Params(100, 1_000, 10_000)]
    public int Responders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dispatcher = new Dispatcher(RoutingData.Region, RoutingData.Options);
        var holdingLocalOffer = 0;
        for (var i = 0; i < Responders; i++)
        {
            var responder = (i % 3) switch
            {
                0 => RoutingData.Eligible(i),
                1 => RoutingData.Ineligible(i, RoutingData.Unfit.OfferPending),
                _ => RoutingData.Ineligible(i, RoutingData.Unfit.Away),
            };
            holdingLocalOffer += i % 3 == 0 ? 1 : 0;
            _dispatcher.UpdateResponder(responder);
        }

        for (var i = 0; i < Waiting; i++)
        {
            _dispatcher.Enqueue(RoutingData.Waiting(i));
        }

        // Hand every free responder an offer, so from here on nobody is free.
        var offered = _dispatcher.MatchLocal(RoutingData.Now).Count;
        if (offered != holdingLocalOffer || MatchLocal().Count != 0)
        {
            throw new InvalidOperationException($"expected {holdingLocalOffer} offers and then none, got {offered}");
        }
    }

    [Benchmark]
    public List<Offer> MatchLocal() => _dispatcher.MatchLocal(RoutingData.Now);
}
