using Hotline.Api.V1;

namespace Hotline.Tests.Infrastructure;

public static class HostExtensions
{
    /// <summary>Registers a responder, makes them available and opens their stream.</summary>
    public static async Task<ResponderSession> OnlineResponderAsync(this HotlineHost host, UpsertResponderRequest profile, bool connect = true)
    {
        await host.Responders.UpsertResponderAsync(profile);
        await host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = profile.ResponderId, Presence = Presence.Available });
        return connect ? await ResponderSession.ConnectAsync(host.Responders, profile.ResponderId) : null!;
    }

    public static async Task<RegionQueueStats> QueueAsync(this HotlineHost host, string region)
    {
        var response = await host.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest { Regions = { region } });
        return response.Regions.Single();
    }
}
