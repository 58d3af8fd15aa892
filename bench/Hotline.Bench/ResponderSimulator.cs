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
    TimeSpan Talk);

/// <summary>
/// One responder: registers, goes available, keeps an offer stream open and works every offer
/// it sees (think, accept, talk, complete), each offer on its own task so the stream keeps
/// being read while a contact is worked.
/// </summary>
public sealed class ResponderSimulator : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);

    private readonly ResponderService.ResponderServiceClient _admin;
    private readonly ResponderService.ResponderServiceClient _client;
    private readonly ResponderContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Guid, Task> _working = new();
    private Task _pump = Task.CompletedTask;
    private long _lastSequence;

    /// <summary><paramref name="admin"/> registers the responder; <paramref name="client"/> acts as them.</summary>
    public ResponderSimulator(ResponderService.ResponderServiceClient admin, ResponderService.ResponderServiceClient client, UpsertResponderRequest profile,
        ResponderContext context)
    {
        _admin = admin;
        _client = client;
        Profile = profile;
        _context = context;
    }

    public UpsertResponderRequest Profile { get; }

    private string Id => Profile.ResponderId;

    /// <summary>Registers, sets presence available and returns once the stream's first event arrived.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _admin.UpsertResponderAsync(Profile, deadline: Deadline(), cancellationToken: cancellationToken);
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
        _client.SetPresenceAsync(new SetPresenceRequest { ResponderId = Id, Presence = Presence.Available },
            deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync;

    private async Task PumpAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var call = _client.WatchOffers(new WatchOffersRequest { ResponderId = Id, AfterSequence = _lastSequence }, cancellationToken: token);
                await foreach (var e in call.ResponseStream.ReadAllAsync(token))
                {
                    _lastSequence = e.Sequence;
                    _firstEvent.TrySetResult();
                    OnEvent(e);
                }

                _context.Counters.Add("stream_ended_by_server");
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _context.Counters.Add($"stream_broken_{(e is RpcException rpc ? rpc.StatusCode.ToString() : e.GetType().Name)}");
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
                _context.Counters.Add($"offer_rescinded_{e.OfferRescinded.Reason}");
                break;
            case ResponderEvent.EventOneofCase.PresenceChanged when e.PresenceChanged == Presence.Away:
                // A missed offer sets the responder away; a real one would come back.
                _context.Counters.Add("set_away_by_hotline");
                Track(Guid.NewGuid(), ComeBackAsync(_stop.Token));
                break;
        }
    }

    private void StartWork(Offer offer, long seenAt)
    {
        if (!Guid.TryParse(offer.ContactId, out var contactId))
        {
            _context.Counters.Add("offer_with_bad_contact_id");
            return;
        }

        // Intake→offer is recorded by the tracker, now or when the operator learns the contact's id.
        if (!_context.Tracker.Offer(contactId, seenAt))
        {
            _context.Counters.Add("offer_repeated");
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
            _context.Counters.Add($"presence_failed_{e.StatusCode}");
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
            await PauseAsync(_context.Think, token);
            var start = Stopwatch.GetTimestamp();
            await _client.AcceptOfferAsync(request, deadline: Deadline(), cancellationToken: token);
            _context.Accept.Record(start, Stopwatch.GetTimestamp());

            await PauseAsync(_context.Talk, token);
            step = "complete";
            start = Stopwatch.GetTimestamp();
            await _client.CompleteContactAsync(request, deadline: Deadline(), cancellationToken: token);
            _context.Complete.Record(start, Stopwatch.GetTimestamp());
            _context.Tracker.Complete(contactId);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // Taken, withdrawn or expired between the offer and the accept: it goes to someone else.
            _context.Counters.Add($"{step}_refused");
        }
        catch (RpcException e)
        {
            _context.Counters.Add($"{step}_failed_{e.StatusCode}");
        }
    }

    private static Task PauseAsync(TimeSpan pause, CancellationToken token) =>
        pause > TimeSpan.Zero ? Task.Delay(pause, token) : Task.CompletedTask;

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
