using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline responder listen</c>: stays connected to the responder's stream, shows offers with
/// their countdown, takes a key to accept (a), decline (d), complete the latest contact (c) or
/// quit (q), and after a dropped connection resumes from the last event seen.
/// </summary>
internal sealed class ResponderListener(CliSession session, string responderId, long after)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private readonly List<string> _working = [];
    private long _last = after;
    private Offer? _pending;
    private int _lastCountdown = int.MaxValue;

    private IAnsiConsole Console => session.Console;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Say($"Listening as {responderId}. Keys: [a]ccept, [d]ecline, [c]omplete the latest contact, [q]uit.");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await ListenOnceAsync(cancellationToken))
                {
                    return ExitCodes.Ok;
                }

                Say("The stream ended; reconnecting.");
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
            {
                Say($"Connection lost ({error.StatusCode}); reconnecting from event {_last}.");
            }

            await Task.Delay(Reconnect, cancellationToken);
        }

        return ExitCodes.Ok;
    }

    /// <summary>One connection; true when the user quit.</summary>
    private async Task<bool> ListenOnceAsync(CancellationToken cancellationToken)
    {
        using var call = session.Responders.WatchOffers(new WatchOffersRequest { ResponderId = responderId, AfterSequence = _last }, cancellationToken: cancellationToken);
        var next = call.ResponseStream.MoveNext(cancellationToken);
        while (true)
        {
            var done = await Task.WhenAny(next, Task.Delay(Poll, cancellationToken));
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
            ShowCountdown();
            if (ReadKey() is { } key && await ActAsync(key, cancellationToken))
            {
                return true;
            }
        }
    }

    private void Handle(ResponderEvent e)
    {
        _last = e.Sequence;
        if (session.Json)
        {
            session.WriteJson(e);
        }

        switch (e.EventCase)
        {
            case ResponderEvent.EventOneofCase.State:
                _pending = e.State.PendingOffer;
                _working.Clear();
                _working.AddRange(e.State.Assignments.Select(a => a.ContactId));
                Say($"Presence {ProtoEnum.Show(e.State.Presence)}; working {_working.Count} contact(s).");
                if (_pending is not null)
                {
                    ShowOffer(_pending);
                }

                break;
            case ResponderEvent.EventOneofCase.OfferMade:
                _pending = e.OfferMade;
                ShowOffer(e.OfferMade);
                break;
            case ResponderEvent.EventOneofCase.OfferRescinded:
                if (_pending?.OfferId == e.OfferRescinded.Offer.OfferId)
                {
                    _pending = null;
                }

                Say($"The offer of contact {e.OfferRescinded.Offer.ContactId} was withdrawn ({ProtoEnum.Show(e.OfferRescinded.Reason)}).");
                break;
            case ResponderEvent.EventOneofCase.Assigned:
                _working.Add(e.Assigned.ContactId);
                Say($"Now working contact {e.Assigned.ContactId} (case {e.Assigned.CaseId}).");
                break;
            case ResponderEvent.EventOneofCase.AssignmentEnded:
                _working.Remove(e.AssignmentEnded.ContactId);
                Say($"Contact {e.AssignmentEnded.ContactId} has ended.");
                break;
            case ResponderEvent.EventOneofCase.PresenceChanged:
                Say($"Presence is now {ProtoEnum.Show(e.PresenceChanged)}.");
                break;
        }
    }

    private void ShowOffer(Offer offer)
    {
        _lastCountdown = int.MaxValue;
        var kind = ProtoEnum.Show(offer.Kind);
        Say($"Offer ({kind}) of contact {offer.ContactId}: {ProtoEnum.Show(offer.Channel)}, {offer.Language}, "
            + $"{ProtoEnum.Show(offer.Urgency)}, from {offer.Region}{(offer.Escalated ? " (escalated)" : "")}. "
            + $"{SecondsLeft(offer)} s to accept: [a]ccept or [d]ecline.");
        if (offer.Summary.Length > 0)
        {
            Say($"  {offer.Summary}");
        }
    }

    /// <summary>Every ten seconds while an offer is open, how long is left.</summary>
    private void ShowCountdown()
    {
        if (_pending is null)
        {
            return;
        }

        var left = SecondsLeft(_pending);
        var step = left / 10 * 10;
        if (step < _lastCountdown && left > 0 && left % 10 == 0)
        {
            _lastCountdown = step;
            Say($"  {left} s left to accept contact {_pending.ContactId}.");
        }
    }

    private int SecondsLeft(Offer offer) =>
        Math.Max(0, (int)Math.Ceiling((offer.Deadline.ToDateTimeOffset() - session.Environment.Clock.GetUtcNow()).TotalSeconds));

    private char? ReadKey()
    {
        try
        {
            return Console.Input.IsKeyAvailable() && Console.Input.ReadKey(intercept: true) is { } key ? char.ToLowerInvariant(key.KeyChar) : null;
        }
        catch (InvalidOperationException)
        {
            // No keyboard (input redirected): listen only.
            return null;
        }
    }

    /// <summary>Does what the key says; true to quit.</summary>
    private async Task<bool> ActAsync(char key, CancellationToken cancellationToken)
    {
        try
        {
            switch (key)
            {
                case 'q':
                    Say("Stopped listening.");
                    return true;
                case 'a' when _pending is { } offer:
                    var accepted = await session.Responders.AcceptOfferAsync(Action(offer.ContactId), cancellationToken: cancellationToken);
                    _pending = null;
                    Say($"Accepted contact {accepted.Assignment.ContactId}.");
                    break;
                case 'd' when _pending is { } offer:
                    await session.Responders.DeclineOfferAsync(Action(offer.ContactId), cancellationToken: cancellationToken);
                    _pending = null;
                    Say($"Declined contact {offer.ContactId}.");
                    break;
                case 'c' when _working.Count > 0:
                    var latest = _working[^1];
                    await session.Responders.CompleteContactAsync(Action(latest), cancellationToken: cancellationToken);
                    Say($"Completed contact {latest}.");
                    break;
                case 'a' or 'd':
                    Say("There is no open offer.");
                    break;
                case 'c':
                    Say("You are not working any contact.");
                    break;
            }
        }
        catch (RpcException error) when (error.StatusCode is not (StatusCode.Unavailable or StatusCode.Cancelled))
        {
            Say(ErrorReport.Sentence(error));
        }

        return false;
    }

    private OfferActionRequest Action(string contactId) => new() { ResponderId = responderId, ContactId = contactId };

    private void Say(string line)
    {
        if (session.Json)
        {
            session.Environment.Error.WriteLine(line);
            return;
        }

        Console.WriteLine(line);
    }
}
