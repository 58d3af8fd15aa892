using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hotline.Tests.Cluster;

/// <summary>
/// Chaos in a minute: three silo processes under a steady load of contacts, and every 15 s a
/// random silo is killed with SIGKILL and a new one started in its place. Nothing acknowledged
/// is lost, nothing is connected twice, nobody is over capacity or set away by an offer they
/// never saw, no responder has two activations, and what was waiting is offered again within
/// 30 s of each kill. (The longer run, with figures, is the bench's --chaos.) It measures a
/// load, so it runs alone, after the rest of the suite.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ClusterChaosTests(ITestOutputHelper output)
{
    private const int Responders = 8;
    private const int Kills = 3;
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private static readonly string[] Regions = ["mountainous-shirvan", "baku"];
    private static readonly TimeSpan Talk = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task KillingAndRestartingSilosUnderLoadLosesNothingDoublesNothingAndLeavesNoGhosts()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 3);
        var clients = world.Gateway.ForResponders();
        var ledger = new LoadLedger();
        var ids = Enumerable.Range(0, Responders).Select(i => $"r{i}").ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await ClusterTests.EventuallyAsync(() => clients.Responders.UpsertResponderAsync(Requests.Responder(id, Regions[i % Regions.Length])).ResponseAsync);
            await ClusterTests.EventuallyAsync(() => clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = id, Presence = Presence.Available }).ResponseAsync);
        }

        using var stopResponders = new CancellationTokenSource();
        var responding = ids.Select(id => Task.Run(() => RespondAsync(id))).ToArray();
        using var stopOpening = new CancellationTokenSource();
        var opening = Enumerable.Range(0, 2).Select(o => Task.Run(() => OpenAsync(o))).ToArray();

        var seed = Environment.TickCount;
        var random = new Random(seed);
        var kills = new List<TimeSpan>();
        await Task.Delay(TimeSpan.FromSeconds(5));
        for (var k = 0; k < Kills; k++)
        {
            var live = world.Silos.Where(s => !s.HasExited).ToArray();
            var victim = live[random.Next(live.Length)];
            kills.Add(ledger.Now);
            victim.Kill();
            output.WriteLine($"kill {k + 1} (seed {seed}): silo pid {victim.Id} at {ledger.Now.TotalSeconds:F1} s, {ledger.Acknowledged.Count} contacts acknowledged");

            // A new silo takes its place, as a service manager would start one.
            await Task.Delay(TimeSpan.FromSeconds(2));
            world.StartSilos(1);
            await world.WaitForActiveSilosAsync(ports => ports.Count == 3 && !ports.Contains(victim.SiloPort));
            output.WriteLine($"  three silos again at {ledger.Now.TotalSeconds:F1} s");
            var next = kills[^1] + KillEvery;
            if (k < Kills - 1 && next > ledger.Now)
            {
                await Task.Delay(next - ledger.Now);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        await stopOpening.CancelAsync();
        await Task.WhenAll(opening);

        // Everything acknowledged is offered (to a live responder's stream, after the last
        // kill), connected or completed within 30 s of the last kill.
        var settleBy = kills[^1] + Settle;
        var states = await ReadAllAsync();
        while (ledger.Now < settleBy && states.Any(s => ledger.Waiting(s.Key, s.Value, kills[^1])))
        {
            await Task.Delay(500);
            states = await ReadAllAsync();
        }

        var settledAt = ledger.Now;
        await stopResponders.CancelAsync();
        await Task.WhenAll(responding);

        var lost = LoadLedger.Lost(states);
        var doubled = ledger.Doubled(states);
        var waiting = states.Count(s => ledger.Waiting(s.Key, s.Value, kills[^1]));
        var ghosts = await DuplicateActivationsAsync(world, ids);
        var away = await NotAvailableAsync(ids);
        output.WriteLine($"opened {ledger.Acknowledged.Count}, completed {states.Count(s => s.Value?.Status == ContactStatus.Completed)}, lost {lost}, doubled {doubled}, "
            + $"waiting unoffered {waiting}, over capacity {ledger.OverCapacity}, set away {ledger.SetAway.Count} (now not available: {away}), "
            + $"duplicate activations {ghosts}, opens refused {ledger.RefusedOpens}, settled at {settledAt.TotalSeconds:F1} s");

        foreach (var line in ledger.OverCapacityCases)
        {
            output.WriteLine($"over capacity: {line}");
        }

        Assert.True(ledger.Acknowledged.Count > 60, $"only {ledger.Acknowledged.Count} contacts were opened");
        Assert.Equal(0, lost);
        Assert.Equal(0, doubled);
        Assert.Equal(0, waiting);
        Assert.Equal(0, ledger.OverCapacity);
        Assert.Empty(ledger.SetAway);
        Assert.Equal(0, away);
        Assert.Equal(0, ghosts);
        Assert.Equal(0, ledger.RefusedOpens);

        async Task OpenAsync(int operatorNumber)
        {
            var n = 0;
            while (!stopOpening.IsCancellationRequested)
            {
                var request = Requests.Contact(n % 2 == 0 ? "AZ-ISM" : "baku", requestId: $"op{operatorNumber}-{n++}");
                try
                {
                    // The gateway repeats intake itself while a silo fails over; past its budget
                    // the operator retries with the same request id: the same contact.
                    var contact = await ClusterTests.EventuallyAsync(() => clients.Intake.OpenContactAsync(request).ResponseAsync);
                    ledger.Opened(contact.ContactId);
                }
                catch (RpcException)
                {
                    ledger.OpenRefused();
                }

                await Task.Delay(100);
            }
        }

        async Task RespondAsync(string id)
        {
            long last = 0;
            while (!stopResponders.IsCancellationRequested)
            {
                try
                {
                    using var call = clients.Responders.WatchOffers(new WatchOffersRequest { ResponderId = id, AfterSequence = last }, cancellationToken: stopResponders.Token);
                    await foreach (var e in call.ResponseStream.ReadAllAsync(stopResponders.Token))
                    {
                        last = e.Sequence;
                        if (ledger.Saw(id, e) is { } offer && (e.OfferMade is null || e.OfferMade.Summary.Length > 0))
                        {
                            await AcceptAsync(id, offer.ContactId);
                        }
                    }
                }
                catch (Exception e) when (e is RpcException or OperationCanceledException)
                {
                    if (!stopResponders.IsCancellationRequested)
                    {
                        await Task.Delay(500);
                    }
                }
            }
        }

        async Task AcceptAsync(string id, string contactId)
        {
            var request = new OfferActionRequest { ResponderId = id, ContactId = contactId };
            try
            {
                // A repeat of an accept that took effect answers the same, so it is safe to retry.
                await ClusterTests.EventuallyAsync(() => clients.Responders.AcceptOfferAsync(request).ResponseAsync);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return;
            }

            ledger.Accepted(id, contactId);
            _ = Task.Run(async () =>
            {
                await Task.Delay(Talk);
                ledger.PutDown(id, contactId);
                await ClusterTests.EventuallyAsync(() => clients.Responders.CompleteContactAsync(request).ResponseAsync);
            });
        }

        async Task<Dictionary<string, Contact?>> ReadAllAsync()
        {
            var read = new Dictionary<string, Contact?>();
            foreach (var id in ledger.Acknowledged)
            {
                try
                {
                    read[id] = await ClusterTests.EventuallyAsync(() => clients.Intake.GetContactAsync(new GetContactRequest { ContactId = id }).ResponseAsync);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    read[id] = null;
                }
            }

            return read;
        }

        async Task<int> NotAvailableAsync(string[] responders)
        {
            var count = 0;
            foreach (var id in responders)
            {
                var responder = await ClusterTests.EventuallyAsync(() => clients.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = id }).ResponseAsync);
                count += responder.Presence == Presence.Available ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>Responders active on more than one live silo at once, as the silos themselves list their activations.</summary>
    private static async Task<int> DuplicateActivationsAsync(ClusterWorld world, string[] ids)
    {
        var management = world.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var activations = await management.GetDetailedGrainStatistics(hostsIds: hosts);
        return activations.Where(a => ids.Contains(a.GrainId.Key.ToString()) && a.GrainId.Type.ToString()!.Contains("responder", StringComparison.Ordinal))
            .GroupBy(a => a.GrainId).Count(g => g.Count() > 1);
    }
}
