using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cli.Output;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline responder listen</c>: stays connected to the responder's stream, shows offers with
/// their countdown, takes a key to accept (a), decline (d), complete the latest contact (c) or
/// quit (q), and after a dropped connection resumes from the last event seen. An outage is said
/// once when it starts and once when the stream is back, however many attempts it takes.
/// </summary>
internal sealed class ResponderListener(CliSession session, string responderId, long after)
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private readonly ListenScreen _screen = new(session);
    private long _last = after;

    // Between a failed attempt and the first event of a stream that works again.
    private bool _down;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _screen.Say($"Listening as {responderId}. Keys: [a]ccept, [d]ecline, [c]omplete the latest contact, [q]uit.");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await ListenOnceAsync(cancellationToken))
                {
                    return ExitCodes.Ok;
                }

                Lost("The stream ended");
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
            {
                Lost($"Connection lost ({error.StatusCode})");
            }

            if (await QuitWhileWaitingAsync(cancellationToken))
            {
                return ExitCodes.Ok;
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>The pause before reconnecting, in which q still quits; true when it did.</summary>
    private async Task<bool> QuitWhileWaitingAsync(CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; waited < Reconnect; waited += Keyboard.Poll)
        {
            await Task.Delay(Keyboard.Poll, cancellationToken);
            switch (Keyboard.Read(session.Console))
            {
                case 'q':
                    _screen.Say("Stopped listening.");
                    return true;
                case not null:
                    _screen.Say("Not connected: only [q]uit works until the stream is back.");
                    break;
            }
        }

        return false;
    }

    /// <summary>One connection; true when the user quit.</summary>
    private async Task<bool> ListenOnceAsync(CancellationToken cancellationToken)
    {
        // Back from an outage, the last event seen is asked for again: a resumed stream with nothing new would
        // otherwise send nothing, and the responder could not be told the listener is connected again.
        var from = _down && _last > 1 ? _last - 1 : _last;
        using var call = session.Responders.WatchOffers(new WatchOffersRequest { ResponderId = responderId, AfterSequence = from }, cancellationToken: cancellationToken);
        var next = call.ResponseStream.MoveNext(cancellationToken);
        while (true)
        {
            var done = await Task.WhenAny(next, Task.Delay(Keyboard.Poll, cancellationToken));
            if (done == next)
            {
                if (!await next)
                {
                    return false;
                }

                Handle(call.ResponseStream.Current);
                next = call.ResponseStream.MoveNext(cancellationToken);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            _screen.ShowCountdown();
            if (Keyboard.Read(session.Console) is { } key && await ActAsync(key, cancellationToken))
            {
                return true;
            }
        }
    }

    private void Lost(string why)
    {
        if (!_down)
        {
            _down = true;
            _screen.Say($"{why}; reconnecting from event {_last}.");
        }
    }

    private void Handle(ResponderEvent e)
    {
        if (_down)
        {
            _down = false;
            _screen.Say("Connected again.");
        }

        // Seen before the outage (asked for again only to learn the stream is back). A State event is shown
        // all the same: it is how the hotline answers a resume it cannot replay, and it is the state now.
        if (e.Sequence <= _last && e.EventCase != ResponderEvent.EventOneofCase.State)
        {
            return;
        }

        _last = e.Sequence;
        _screen.Show(e);
    }

    /// <summary>Does what the key says; true to quit.</summary>
    private async Task<bool> ActAsync(char key, CancellationToken cancellationToken)
    {
        try
        {
            switch (key)
            {
                case 'q':
                    _screen.Say("Stopped listening.");
                    return true;
                case 'a' when _screen.Pending is { } offer:
                    var accepted = await session.Responders.AcceptOfferAsync(Action(offer.ContactId), cancellationToken: cancellationToken);
                    _screen.Answered();
                    _screen.Say($"Accepted contact {accepted.Assignment.ContactId}.");
                    break;
                case 'd' when _screen.Pending is { } offer:
                    await session.Responders.DeclineOfferAsync(Action(offer.ContactId), cancellationToken: cancellationToken);
                    _screen.Answered();
                    _screen.Say($"Declined contact {offer.ContactId}.");
                    break;
                case 'c' when _screen.Latest is { } latest:
                    await session.Responders.CompleteContactAsync(Action(latest), cancellationToken: cancellationToken);
                    _screen.Say($"Completed contact {latest}.");
                    break;
                case 'a' or 'd':
                    _screen.Say("There is no open offer.");
                    break;
                case 'c':
                    _screen.Say("You are not working any contact.");
                    break;
            }
        }
        catch (RpcException error) when (error.StatusCode is not (StatusCode.Unavailable or StatusCode.Cancelled))
        {
            _screen.Say(ErrorReport.Sentence(error));
        }

        return false;
    }

    private OfferActionRequest Action(string contactId) => new() { ResponderId = responderId, ContactId = contactId };
}
