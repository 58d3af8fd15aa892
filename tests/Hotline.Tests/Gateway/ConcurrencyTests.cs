using System.Collections.Concurrent;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

public sealed class ConcurrencyTests : HostedTest
{
    private const int Contacts = 200;
    private const int ResponderCount = 20;
    private const int Capacity = 2;

    [Fact]
    public async Task RacingAcceptsAndDeclinesNeverOverfillAResponderOrConnectAContactTwice()
    {
        var assignedTo = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var overCapacity = new ConcurrentBag<string>();
        var completed = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var sessions = new List<ResponderSession>();
        for (var i = 0; i < ResponderCount; i++)
        {
            sessions.Add(await Host.OnlineResponderAsync(Requests.Responder($"r{i:00}", "baku", voice: 0, chat: Capacity)));
        }

        var workers = sessions.Select((session, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            var working = 0;
            while (!stop.IsCancellationRequested)
            {
                ResponderEvent e;
                try
                {
                    e = await session.NextAsync(_ => true, "any event", TimeSpan.FromSeconds(60));
                }
                catch (Exception ex) when (ex is TimeoutException or StreamEndedException)
                {
                    return;
                }

                var action = new OfferActionRequest { ResponderId = session.ResponderId };
                switch (e.EventCase)
                {
                    case ResponderEvent.EventOneofCase.OfferMade:
                        action.ContactId = e.OfferMade.ContactId;
                        try
                        {
                            if (random.Next(4) == 0)
                            {
                                await Host.Responders.DeclineOfferAsync(action);
                            }
                            else
                            {
                                await Host.Responders.AcceptOfferAsync(action);
                            }
                        }
                        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
                        {
                            // Lost a race for the offer: allowed, the contact goes elsewhere.
                        }

                        break;
                    case ResponderEvent.EventOneofCase.Assigned:
                        if (++working > Capacity)
                        {
                            overCapacity.Add(session.ResponderId);
                        }

                        assignedTo.GetOrAdd(e.Assigned.ContactId, _ => []).Add(session.ResponderId);
                        action.ContactId = e.Assigned.ContactId;
                        await Host.Responders.CompleteContactAsync(action);
                        break;
                    case ResponderEvent.EventOneofCase.AssignmentEnded:
                        working--;
                        if (Interlocked.Increment(ref completed) == Contacts)
                        {
                            allDone.TrySetResult();
                        }

                        break;
                }
            }
        })).ToList();

        var opened = new ConcurrentBag<Contact>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Contacts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            opened.Add(await Host.Intake.OpenContactAsync(Requests.Contact("baku", channel: Channel.Chat, requestId: $"race-{i}"), cancellationToken: ct)));

        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        foreach (var s in sessions)
        {
            await s.DisposeAsync();
        }

        await Task.WhenAll(workers);

        Assert.Empty(overCapacity);
        Assert.Equal(Contacts, opened.Select(c => c.ContactId).Distinct().Count());
        Assert.Equal(Contacts, assignedTo.Count);
        Assert.All(assignedTo, pair => Assert.Single(pair.Value));
        foreach (var contact in opened)
        {
            var now = await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
            Assert.Equal(ContactStatus.Completed, now.Status);
            Assert.Equal(assignedTo[contact.ContactId].Single(), now.ResponderId);
        }

        Assert.Equal(0, (await Host.QueueAsync("baku")).Waiting);
    }
}
