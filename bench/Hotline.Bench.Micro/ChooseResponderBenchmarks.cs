using BenchmarkDotNet.Attributes;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>How many of the region's responders can take the contact.</summary>
public enum EligibleShare
{
    /// <summary>Five, the rest unfit for one reason or another.</summary>
    Few,

    /// <summary>Every other responder.</summary>
    Half,
}

/// <summary>
/// One contact arrives in a region with <see cref="Responders"/> responders and is offered to
/// one of them. Each operation enqueues, matches, then refuses and removes, so the dispatcher
/// ends where it started.
/// </summary>
[MemoryDiagnoser]
public class ChooseResponderBenchmarks
{
    private Dispatcher _dispatcher = null!;
    private WaitingContact _contact = null!;

    [Params(10, 100, 1_000, 10_000)]
    public int Responders { get; set; }

    [Params(EligibleShare.Few, EligibleShare.Half)]
    public EligibleShare Eligible { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dispatcher = new Dispatcher(RoutingData.Region, RoutingData.Options);
        _contact = RoutingData.Contact(0, Urgency.High, RoutingData.Now);

        var eligibleCount = Eligible == EligibleShare.Few ? Math.Min(5, Responders) : Responders / 2;
        var stride = Responders / eligibleCount;
        var eligibleIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Responders; i++)
        {
            // Spread the eligible ones through the population rather than bunching them first.
            if (i % stride == 0 && eligibleIds.Count < eligibleCount)
            {
                eligibleIds.Add(RoutingData.ResponderId(i));
                _dispatcher.UpdateResponder(RoutingData.Eligible(i));
            }
            else
            {
                _dispatcher.UpdateResponder(RoutingData.Ineligible(i, RoutingData.UnfitFor(i)));
            }
        }

        Verify(eligibleIds, eligibleCount);
    }

    [Benchmark]
    public Offer EnqueueMatchReset()
    {
        _dispatcher.Enqueue(_contact);
        var offer = _dispatcher.MatchLocal(RoutingData.Now)[0];
        _dispatcher.Refused(offer.OfferId, offer.ContactId);
        _dispatcher.Remove(offer.ContactId);
        return offer;
    }

    private void Verify(HashSet<string> eligibleIds, int eligibleCount)
    {
        if (eligibleIds.Count != eligibleCount)
        {
            throw new InvalidOperationException($"expected {eligibleCount} eligible responders, made {eligibleIds.Count}");
        }

        _dispatcher.Enqueue(_contact);
        var offers = _dispatcher.MatchLocal(RoutingData.Now);
        if (offers.Count != 1 || !eligibleIds.Contains(offers[0].ResponderId))
        {
            throw new InvalidOperationException($"expected one offer to an eligible responder, got {offers.Count}");
        }

        _dispatcher.Refused(offers[0].OfferId, offers[0].ContactId);
        _dispatcher.Remove(offers[0].ContactId);

        // The operation must leave the dispatcher as it found it, or later iterations measure something else.
        var again = EnqueueMatchReset();
        if (again.ResponderId != offers[0].ResponderId || _dispatcher.Queue.Count != 0)
        {
            throw new InvalidOperationException("an operation did not return the dispatcher to its starting state");
        }
    }
}
