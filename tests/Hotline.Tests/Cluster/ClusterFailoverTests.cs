using System.Collections.Concurrent;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hotline.Tests.Cluster;

/// <summary>
/// A silo dies and the grains that lived elsewhere are left alone: no second activation of a
/// responder whose silo survived, so no offer goes to a ghost and no stream starts over.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const string Baku = "baku";

    [Fact]
    public async Task ResponderActivationsOnSurvivingSilosOutliveAnotherSilosDeathAndCallsRideThroughIt()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 3);
        var clients = world.Gateway.ForResponders();
        var grains = world.Gateway.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        // Enough responders that, spread over three silos, each silo both hosts some and holds
        // the directory entries of some hosted elsewhere.
        var ids = Enumerable.Range(0, 24).Select(i => $"desk-{i}").ToArray();
        foreach (var id in ids)
        {
            await ClusterTests.EventuallyAsync(() => clients.Responders.UpsertResponderAsync(Requests.Responder(id, Baku)).ResponseAsync);
            await ClusterTests.EventuallyAsync(() => clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = id, Presence = Presence.Available }).ResponseAsync);
        }

        // Every responder's desk holds its stream open, as a real one does.
        var sessions = new List<ResponderSession>();
        try
        {
            foreach (var id in ids)
            {
                sessions.Add(await ResponderSession.ConnectAsync(clients.Responders, id));
            }

            var before = new Dictionary<string, SiloAddress>();
            foreach (var id in ids)
            {
                before[id] = await management.GetActivationAddress(grains.GetGrain<Responders.IResponderGrain>(id)) ?? throw new InvalidOperationException($"{id} is not active");
            }

            var victim = world.Silos.MaxBy(s => before.Values.Count(a => a.Endpoint.Port == s.SiloPort))!;
            var lived = ids.Where(id => before[id].Endpoint.Port != victim.SiloPort).ToArray();
            var died = ids.Except(lived).ToArray();
            output.WriteLine($"killing silo pid {victim.Id}: it hosts {died.Length} of {ids.Length} responders");
            victim.Kill();

            // Calls made before the cluster has declared the silo dead ride through: the gateway
            // repeats them (they are safe to repeat) instead of answering UNAVAILABLE.
            await Task.WhenAll(ids.Select(id => clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = id, Presence = Presence.Available }).ResponseAsync));
            await world.WaitForSilosAsync(2);

            // The responders of the dead silo come back, each in a new activation that sends its
            // desk a fresh State event. Once all have, both survivors have acted on the death.
            foreach (var session in sessions.Where(s => died.Contains(s.ResponderId)))
            {
                await session.NextAsync(e => e.EventCase == Api.V1.ResponderEvent.EventOneofCase.State, "a new activation's state", TimeSpan.FromSeconds(60));
            }

            var after = new Dictionary<string, SiloAddress?>();
            foreach (var id in ids)
            {
                await ClusterTests.EventuallyAsync(() => clients.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = id }).ResponseAsync);
                after[id] = await management.GetActivationAddress(grains.GetGrain<Responders.IResponderGrain>(id));
            }

            // Every responder that lived on a surviving silo is still where it was, and its desk's
            // stream never started over (a new activation would have sent a new State event).
            var moved = lived.Where(id => !Equals(before[id], after[id])).ToArray();
            var restarted = sessions.Where(s => lived.Contains(s.ResponderId))
                .Where(s => s.Drain().Count(e => e.EventCase == Api.V1.ResponderEvent.EventOneofCase.State) > 1)
                .Select(s => s.ResponderId).ToArray();
            output.WriteLine($"lived {lived.Length}: moved [{string.Join(", ", moved)}], streams restarted [{string.Join(", ", restarted)}]");
            Assert.Empty(moved);
            Assert.Empty(restarted);
            Assert.All(died, id => Assert.NotEqual(victim.SiloPort, after[id]!.Endpoint.Port));
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }
}
