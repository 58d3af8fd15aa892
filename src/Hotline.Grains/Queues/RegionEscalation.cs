using Hotline.Routing;
using Hotline.Topology;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>
/// A region's search beyond itself: contacts waiting past their urgency's threshold are offered
/// to eligible responders of the neighbouring regions, then of the whole country. The
/// dispatcher grain runs it on its tick and sends the offers it makes.
/// </summary>
internal sealed class RegionEscalation(string region, Dispatcher dispatcher, RegionTopology topology, IGrainFactory grains, ILogger logger)
{
    /// <summary>The offers made to other regions' responders, each with the region it went to.</summary>
    public async Task<List<(Offer Offer, QueueEntry Entry, string ToRegion)>> RunAsync(DateTimeOffset now, TimeProvider clock)
    {
        var made = new List<(Offer, QueueEntry, string)>();
        foreach (var (entry, level) in dispatcher.DueForEscalation(now))
        {
            var regions = level == EscalationLevel.National ? topology.OtherRegions(region) : topology.RegionsByCode[region].Neighbours;
            var exclude = entry.DeclinedBy.ToArray();
            var found = (await Task.WhenAll(regions.Select(r => grains.GetGrain<IDispatcherGrain>(r).FindCandidates(entry.Contact.Needs, exclude))))
                .SelectMany(f => f).ToList();
            if (dispatcher.OfferToRemote(entry.Contact.ContactId, found, clock.GetUtcNow()) is { } offer)
            {
                DispatcherLog.Escalated(logger, region, offer.ContactId, level);
                made.Add((offer, entry, found.First(r => r.ResponderId == offer.ResponderId).HomeRegion));
            }
        }

        return made;
    }
}
