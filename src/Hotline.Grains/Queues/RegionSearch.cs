using Hotline.Routing;
using Hotline.Topology;

namespace Hotline.Queues;

/// <summary>
/// How a region's dispatcher looks beyond its own responders for a waiting contact: in the
/// regions its escalation level reaches, and first in the region its surge mode diverts it to.
/// </summary>
internal sealed class RegionSearch(string region, Dispatcher dispatcher, RegionTopology topology, IGrainFactory grains)
{
    /// <summary>The regions to look in for <paramref name="entry"/> at <paramref name="level"/>.</summary>
    public IEnumerable<string> Regions(QueueEntry entry, EscalationLevel level)
    {
        var reach = level switch
        {
            EscalationLevel.National => topology.OtherRegions(region),
            EscalationLevel.Neighbours => topology.RegionsByCode[region].Neighbours,
            _ => Enumerable.Empty<string>(),
        };
        return dispatcher.Surge.For(entry.Contact)?.Region is { } to ? [to, .. reach.Where(r => r != to)] : reach;
    }

    /// <summary>
    /// Asks those regions' dispatchers for candidates and offers the entry to one of them; the
    /// offer and the responder's home region, or null when nobody there can take it.
    /// </summary>
    public async Task<(Offer Offer, string Region)?> OfferBeyondAsync(QueueEntry entry, EscalationLevel level, TimeProvider clock)
    {
        var exclude = entry.DeclinedBy.ToArray();
        var found = (await Task.WhenAll(Regions(entry, level).Select(r => grains.GetGrain<IDispatcherGrain>(r).FindCandidates(entry.Needs, exclude))))
            .SelectMany(f => f).ToList();
        return dispatcher.OfferToRemote(entry.Contact.ContactId, found, clock.GetUtcNow()) is { } offer
            ? (offer, found.First(r => r.ResponderId == offer.ResponderId).HomeRegion)
            : null;
    }
}
