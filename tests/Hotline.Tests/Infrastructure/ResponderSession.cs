using System.Threading.Channels;
using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Tests.Infrastructure;

/// <summary>A responder's open offer stream, read by a test one event at a time.</summary>
public sealed class ResponderSession : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly Channel<ResponderEvent> _events = System.Threading.Channels.Channel.CreateUnbounded<ResponderEvent>();
    private readonly List<ResponderEvent> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly AsyncServerStreamingCall<ResponderEvent> _call;
    private readonly Task _pump;

    private ResponderSession(string responderId, AsyncServerStreamingCall<ResponderEvent> call)
    {
        ResponderId = responderId;
        _call = call;
        _pump = Task.Run(PumpAsync);
    }

    public string ResponderId { get; }

    /// <summary>Every event read so far, in order.</summary>
    public IReadOnlyList<ResponderEvent> Seen => _seen;

    /// <summary>Opens the stream and waits for its first event, after which the responder counts as connected.</summary>
    public static async Task<ResponderSession> ConnectAsync(ResponderService.ResponderServiceClient client, string responderId, long afterSequence = 0)
    {
        var call = client.WatchOffers(new WatchOffersRequest { ResponderId = responderId, AfterSequence = afterSequence });
        var session = new ResponderSession(responderId, call);
        await session.NextAsync(_ => true, "the first event of the stream");
        return session;
    }

    /// <summary>Reads until an event matches; fails naming what it waited for.</summary>
    public async Task<ResponderEvent> NextAsync(Func<ResponderEvent, bool> match, string waitingFor, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                _seen.Add(e);
                if (match(e))
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Responder {ResponderId} did not see {waitingFor} within {(timeout ?? DefaultWait).TotalSeconds}s.");
        }
        catch (ChannelClosedException)
        {
            throw new StreamEndedException($"The stream of responder {ResponderId} ended before {waitingFor}.");
        }
    }

    public async Task<Offer> NextOfferAsync(string? contactId = null, TimeSpan? timeout = null) =>
        (await NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade && (contactId is null || e.OfferMade.ContactId == contactId),
            contactId is null ? "an offer" : $"an offer of contact {contactId}", timeout)).OfferMade;

    /// <summary>
    /// True when any offer has been delivered so far, read or not, without waiting
    /// (used once the routing decision is known).
    /// </summary>
    public bool HasSeenOffer() => Drain().Any(e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade);

    /// <summary>Every event delivered so far, read or not, without waiting.</summary>
    public IReadOnlyList<ResponderEvent> Drain()
    {
        while (_events.Reader.TryRead(out var e))
        {
            _seen.Add(e);
        }

        return _seen;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var e in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await _events.Writer.WriteAsync(e);
            }
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _call.Dispose();
        _stop.Dispose();
    }
}

/// <summary>The server or the test closed the stream while a test was still waiting on it.</summary>
public sealed class StreamEndedException(string message) : Exception(message);
