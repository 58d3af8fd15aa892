using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>What every simulated responder shares: where to report, how long to think and talk.</summary>
public sealed record ResponderContext(
    ContactTracker Tracker,
    LatencyRecorder Accept,
    LatencyRecorder Complete,
    RunCounters Counters,
    TimeSpan Think,
    TimeSpan Talk,
    ChaosLedger? Ledger = null);

/// <summary>
/// One responder: registers, goes available, keeps an offer stream open and works every offer
/// it sees (think, accept, talk, complete), each offer on its own task so the stream keeps
/// being read while a contact is worked.
/// </summary>
/// <param name="admin">Registers the responder.</param>
/// <param name="client">Acts as them.</param>
public sealed class ResponderSimulator(ResponderService.ResponderServiceClient admin, ResponderService.ResponderServiceClient client,
    UpsertResponderRequest profile, ResponderContext context) : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Guid, Task> _working = new();
    private Task _pump = Task.CompletedTask;
    private long _lastSequence;

    public UpsertResponderRequest Profile { get; } = profile;

    private string Id => Profile.ResponderId;

    /// <summary>Registers, sets presence available and returns once the stream's first event arrived.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await admin.UpsertResponderAsync(Profile, deadline: Deadline(), cancellationToken: cancellationToken);
        await SetAvailableAsync(cancellationToken);
        _pump = Task.Run(PumpAsync, CancellationToken.None);
        await _firstEvent.Task.WaitAsync(CallTimeout, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        await Task.WhenAll(_working.Values);
        _stop.Dispose();
    }

    private Task SetAvailableAsync(CancellationToken cancellationToken) =>
        client.SetPresenceAsync(new SetPresenceRequest { ResponderId = Id, Presence = Presence.Available },
            deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync;

    private async Task PumpAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var call = client.WatchOffers(new WatchOffersRequest { ResponderId = Id, AfterSequence = _lastSequence }, cancellationToken: token);
                await foreach (var e in call.ResponseStream.ReadAllAsync(token))
                {
                    _lastSequence = e.Sequence;
                    _firstEvent.TrySetResult();
                    OnEvent(e);
                }

                context.Counters.Add("stream_ended_by_server");
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                context.Counters.Add($"stream_broken_{(e is RpcException rpc ? rpc.StatusCode.ToString() : e.GetType().Name)}");
            }

            try
            {
                await Task.Delay(ReconnectDelay, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnEvent(ResponderEvent e)
    {
        switch (e.EventCase)
        {
            case ResponderEvent.EventOneofCase.OfferMade:
                StartWork(e.OfferMade, Stopwatch.GetTimestamp());
                break;
            case ResponderEvent.EventOneofCase.State when e.State.PendingOffer is { } pending:
                StartWork(pending, Stopwatch.GetTimestamp());
                break;
            case ResponderEvent.EventOneofCase.OfferRescinded:
                context.Counters.Add($"offer_rescinded_{e.OfferRescinded.Reason}");
                if (e.OfferRescinded.Reason == RescindReason.Missed)
                {
                    context.Ledger?.Missed(Id, e.OfferRescinded.Offer.OfferId);
                }

                break;
            case ResponderEvent.EventOneofCase.PresenceChanged when e.PresenceChanged == Presence.Away:
                // A missed offer sets the responder away; a real one would come back.
                context.Counters.Add("set_away_by_hotline");
                context.Ledger?.SetAwayByHotline(Id);
                Track(Guid.NewGuid(), ComeBackAsync(_stop.Token));
                break;
        }
    }

    private void StartWork(Offer offer, long seenAt)
    {
        if (!Guid.TryParse(offer.ContactId, out var contactId))
        {
            context.Counters.Add("offer_with_bad_contact_id");
            return;
        }

        context.Ledger?.Offered(Id, offer.OfferId, contactId, seenAt);
        // Intake→offer is recorded by the tracker, now or when the operator learns the contact's id.
        if (!context.Tracker.Offer(contactId, seenAt))
        {
            context.Counters.Add("offer_repeated");
        }

        if (!_working.ContainsKey(contactId))
        {
            Track(contactId, WorkAsync(contactId, _stop.Token));
        }
    }

    private void Track(Guid key, Task task)
    {
        _working[key] = task;
        task.ContinueWith(t => _working.TryRemove(new KeyValuePair<Guid, Task>(key, t)), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ComeBackAsync(CancellationToken token)
    {
        try
        {
            await SetAvailableAsync(token);
        }
        catch (RpcException e) when (!token.IsCancellationRequested)
        {
            context.Counters.Add($"presence_failed_{e.StatusCode}");
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task WorkAsync(Guid contactId, CancellationToken token)
    {
        await Task.Yield();
        var request = new OfferActionRequest { ResponderId = Id, ContactId = contactId.ToString() };
        var step = "accept";
        try
        {
            await PauseAsync(context.Think, token);
            var start = Stopwatch.GetTimestamp();
            await Retry.OnUnavailableAsync(deadline => client.AcceptOfferAsync(request, deadline: deadline, cancellationToken: token).ResponseAsync,
                context.Counters, step, CallTimeout, token);
            context.Accept.Record(start, Stopwatch.GetTimestamp());
            context.Ledger?.Accepted(Id, contactId);

            await PauseAsync(context.Talk, token);
            step = "complete";
            start = Stopwatch.GetTimestamp();
            await Retry.OnUnavailableAsync(deadline => client.CompleteContactAsync(request, deadline: deadline, cancellationToken: token).ResponseAsync,
                context.Counters, step, CallTimeout, token);
            context.Complete.Record(start, Stopwatch.GetTimestamp());
            context.Ledger?.Completed(contactId);
            context.Tracker.Complete(contactId);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // Taken, withdrawn or expired between the offer and the accept: it goes to someone else.
            context.Counters.Add($"{step}_refused");
        }
        catch (RpcException e)
        {
            context.Counters.Add($"{step}_failed_{e.StatusCode}");
        }
    }

    private static Task PauseAsync(TimeSpan pause, CancellationToken token) =>
        pause > TimeSpan.Zero ? Task.Delay(pause, token) : Task.CompletedTask;

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
