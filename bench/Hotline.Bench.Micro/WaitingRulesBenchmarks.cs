using BenchmarkDotNet.Attributes;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>
/// What the waiting rules (urgency aging, skill relaxation, surge mode) cost the dispatcher,
/// against the same work with them off: <see cref="Rules"/> on sets all three (aging steps,
/// a relaxation of one of the contact's skills, surge mode to a triage group none of the
/// benchmark's contacts fall under).
/// </summary>
[MemoryDiagnoser]
public class WaitingRulesBenchmarks
{
    private Dispatcher _choose = null!;
    private Dispatcher _tick = null!;
    private WaitingContact _contact = null!;
    private DateTimeOffset _now;

    [Params(false, true)]
    public bool Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = Rules
            ? new RoutingOptions
            {
                Aging = new UrgencyAging { LowToNormal = TimeSpan.FromMinutes(2), NormalToHigh = TimeSpan.FromMinutes(5) },
                SkillRelaxation = { ["youth"] = TimeSpan.FromMinutes(3) },
            }
            : RoutingData.Options;

        // One contact matched among 10,000 responders (five of them eligible), as ChooseResponderBenchmarks.
        _choose = new Dispatcher(RoutingData.Region, options);
        for (var i = 0; i < 10_000; i++)
        {
            _choose.UpdateResponder(i % 2_000 == 0 ? RoutingData.Eligible(i) : RoutingData.Ineligible(i, RoutingData.UnfitFor(i)));
        }

        _contact = RoutingData.Contact(0, Urgency.High, RoutingData.Now);

        // The tick over 2,000 waiting contacts of mixed urgency and age: with the rules on, every
        // low and normal one has stepped up and every one needing "youth" has it dropped.
        _tick = new Dispatcher(RoutingData.Region, options);
        for (var i = 0; i < 2_000; i++)
        {
            _tick.Enqueue(RoutingData.Waiting(i) with { EnqueuedAt = RoutingData.Now.AddSeconds(-(i % 600)) });
        }

        if (Rules)
        {
            // A contact arriving from here on would be diverted; those above are not.
            _choose.Surge.Set(["responder-009999"], null, ["responder-009999"], RoutingData.Now.AddHours(1));
            _tick.Surge.Set(["responder-009999"], null, ["responder-009999"], RoutingData.Now.AddHours(1));
        }

        _now = RoutingData.Now;
        var aged = _tick.DueForEscalation(_now);
        var steppedUp = _tick.Queue.InOrder.Count(e => e.Aged);
        if (aged.Count == 0 || (Rules ? steppedUp == 0 : steppedUp != 0) || EnqueueMatchReset() is null)
        {
            throw new InvalidOperationException($"unexpected set-up: {aged.Count} due, {steppedUp} stepped up");
        }
    }

    [Benchmark]
    public Offer EnqueueMatchReset()
    {
        _choose.Enqueue(_contact);
        var offer = _choose.MatchLocal(RoutingData.Now)[0];
        _choose.Refused(offer.OfferId, offer.ContactId);
        _choose.Remove(offer.ContactId);
        return offer;
    }

    /// <summary>The tick's pass over 2,000 waiting (advancing the clock a quarter second each time, as the tick does).</summary>
    [Benchmark]
    public int TickOver2000Waiting()
    {
        _now = _now.AddMilliseconds(250);
        return _tick.DueForEscalation(_now).Count;
    }
}
