using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Telemetry;

/// <summary>
/// The <c>Hotline</c> meter: how long people wait and what becomes of offers, per region.
/// Tags are only the region code, the channel and the kind of work; never an id, a name or
/// anything a caller said.
/// </summary>
public sealed class HotlineMetrics
{
    // The runtime's clock (real time), not the hotline's: how fresh a region's figure is.
    private readonly TimeProvider _time;

    public const string MeterName = "Hotline";

    /// <summary>
    /// A region's waiting figure not refreshed for this long belongs to a dispatcher that left
    /// this silo (deactivated or moved), so the silo stops reporting it. Dispatchers refresh
    /// it on every tick.
    /// </summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    // Queue times run from seconds to an hour; the SDK's default buckets are sized for milliseconds.
    private static readonly IReadOnlyList<double> WaitBuckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800, 3600];

    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly Counter<long> _offersMade;
    private readonly Counter<long> _offersAccepted;
    private readonly Counter<long> _offersMissed;
    private readonly Histogram<double> _timeToOffer;
    private readonly Histogram<double> _timeToConnect;

    public HotlineMetrics(IMeterFactory meters, TimeProvider runtimeTime)
    {
        _time = runtimeTime;
        var meter = meters.Create(MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets };
        meter.CreateObservableGauge("hotline.contacts.waiting", ObserveWaiting, unit: "{contact}",
            description: "Contacts and other work waiting in a region's queue, offered or not");
        _offersMade = meter.CreateCounter<long>("hotline.offers.made", unit: "{offer}", description: "Offers made to responders");
        _offersAccepted = meter.CreateCounter<long>("hotline.offers.accepted", unit: "{offer}", description: "Offers accepted, each one a connection");
        _offersMissed = meter.CreateCounter<long>("hotline.offers.missed", unit: "{offer}", description: "Offers that ran out before the responder answered");
        _timeToOffer = meter.CreateHistogram("hotline.contacts.time_to_offer", unit: "s",
            description: "Time from entering the queue to an offer (every offer, including those after a decline or miss)", advice: advice);
        _timeToConnect = meter.CreateHistogram("hotline.contacts.time_to_connect", unit: "s",
            description: "Time from entering the queue to a responder accepting", advice: advice);
    }

    /// <summary>The dispatcher of <paramref name="region"/> has <paramref name="count"/> items in its queue now.</summary>
    public void SetWaiting(string region, int count) => _waiting[region] = new Waiting(count, _time.GetTimestamp());

    /// <summary>An offer went out; <paramref name="enqueuedAt"/> is when its contact entered the queue, if known.</summary>
    public void OfferMade(string region, Offer offer, DateTimeOffset? enqueuedAt, DateTimeOffset now)
    {
        var tags = Tags(region, offer.Needs.Channel, offer.Kind);
        _offersMade.Add(1, tags);
        if (enqueuedAt is { } since)
        {
            _timeToOffer.Record(Seconds(now - since), tags);
        }
    }

    public void OfferMissed(string region, Offer offer) => _offersMissed.Add(1, Tags(region, offer.Needs.Channel, offer.Kind));

    /// <summary>A responder accepted <paramref name="contact"/>, <paramref name="waited"/> after it entered the queue.</summary>
    public void OfferAccepted(string region, WaitingContact contact, TimeSpan waited)
    {
        var tags = Tags(region, contact.Needs.Channel, contact.Kind);
        _offersAccepted.Add(1, tags);
        _timeToConnect.Record(Seconds(waited), tags);
    }

    private IEnumerable<Measurement<int>> ObserveWaiting()
    {
        var now = _time.GetTimestamp();
        foreach (var (region, waiting) in _waiting)
        {
            if (_time.GetElapsedTime(waiting.At, now) <= StaleAfter)
            {
                yield return new Measurement<int>(waiting.Count, new KeyValuePair<string, object?>("region", region));
            }
        }
    }

    // A clock set back between enqueue and offer would give a negative time.
    private static double Seconds(TimeSpan elapsed) => Math.Max(0, elapsed.TotalSeconds);

    private static TagList Tags(string region, Channel channel, WorkKind kind) => new()
    {
        { "region", region },
        { "channel", ChannelName(channel) },
        { "kind", KindName(kind) },
    };

    private static string ChannelName(Channel channel) => channel switch
    {
        Channel.Voice => "voice",
        Channel.Sms => "sms",
        Channel.Chat => "chat",
        Channel.Messenger => "messenger",
        Channel.WalkIn => "walk_in",
        _ => "unspecified",
    };

    private static string KindName(WorkKind kind) => kind switch
    {
        WorkKind.FollowUp => "follow_up",
        WorkKind.Transfer => "transfer",
        _ => "contact",
    };

    private readonly record struct Waiting(int Count, long At);
}
