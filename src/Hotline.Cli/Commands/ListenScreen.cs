using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary>
/// What <c>hotline responder listen</c> shows: the responder's events as sentences, the open offer with
/// its countdown, and the contacts being worked (which the keys act on).
/// </summary>
internal sealed class ListenScreen(CliSession session)
{
    private readonly List<string> _working = [];
    private int _lastCountdown = int.MaxValue;

    /// <summary>The offer open now, if any.</summary>
    public Offer? Pending { get; private set; }

    /// <summary>The contact taken most recently of those still being worked.</summary>
    public string? Latest => _working.Count > 0 ? _working[^1] : null;

    /// <summary>The responder accepted or declined the open offer.</summary>
    public void Answered() => Pending = null;

    public void Show(ResponderEvent e)
    {
        if (session.Json)
        {
            session.WriteJson(e);
        }

        switch (e.EventCase)
        {
            case ResponderEvent.EventOneofCase.State:
                Pending = e.State.PendingOffer;
                _working.Clear();
                _working.AddRange(e.State.Assignments.Select(a => a.ContactId));
                Say($"Presence {ProtoEnum.Show(e.State.Presence)}; working {_working.Count} contact(s).");
                if (Pending is not null)
                {
                    ShowOffer(Pending);
                }

                break;
            case ResponderEvent.EventOneofCase.OfferMade:
                Pending = e.OfferMade;
                ShowOffer(e.OfferMade);
                break;
            case ResponderEvent.EventOneofCase.OfferRescinded:
                if (Pending?.OfferId == e.OfferRescinded.Offer.OfferId)
                {
                    Pending = null;
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
                Say($"Presence is now {Views.Presence(e.PresenceChanged, e.PresenceReason)}.");
                break;
            case ResponderEvent.EventOneofCase.WrapUpStarted:
                Say($"Wrap-up on {ProtoEnum.Show(e.WrapUpStarted.Channel)} until {Views.Time(e.WrapUpStarted.EndsAt)}: no offers there meanwhile (end it early with: hotline responder end-wrap-up).");
                break;
            case ResponderEvent.EventOneofCase.WrapUpEnded:
                Say($"Wrap-up on {ProtoEnum.Show(e.WrapUpEnded.Channel)} has ended.");
                break;
        }
    }

    /// <summary>Every ten seconds while an offer is open, how long is left.</summary>
    public void ShowCountdown()
    {
        if (Pending is null)
        {
            return;
        }

        var left = SecondsLeft(Pending);
        var step = left / 10 * 10;
        if (step < _lastCountdown && left > 0 && left % 10 == 0)
        {
            _lastCountdown = step;
            Say($"  {left} s left to accept contact {Pending.ContactId}.");
        }
    }

    /// <summary>A line for the responder; with <c>--json</c> on standard error, which keeps standard output JSON only.</summary>
    public void Say(string line)
    {
        if (session.Json)
        {
            session.Environment.Error.WriteLine(line);
            return;
        }

        session.Console.WriteLine(line);
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
        if (offer.CallBack is { } attempt)
        {
            Say($"  A call-back, attempt {attempt.Attempt} of {attempt.MaxAttempts}: the person is not on the line; call them, then record it with 'hotline responder call-back'.");
        }

        // Shown to this responder alone while the offer is open, and audited each time: the rules, code word included.
        if (offer.SafeContact is { } rules)
        {
            Say($"  Reach them safely: {Views.SafeContactRules(rules)}.");
        }
    }

    private int SecondsLeft(Offer offer) =>
        Math.Max(0, (int)Math.Ceiling((offer.Deadline.ToDateTimeOffset() - session.Environment.Clock.GetUtcNow()).TotalSeconds));
}
