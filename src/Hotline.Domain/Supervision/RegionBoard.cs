using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Supervision;

/// <summary>
/// One region as its supervisors see it: the day's counters, the live feed, and when crisis
/// alerts are due. The region's dispatcher owns one and tells it what happened; the board
/// decides what that means for supervisors. Contacts' times are on the hotline's clock;
/// pushes and counter saves are paced on the runtime's (real time, as the dispatcher's timer runs).
/// </summary>
public sealed class RegionBoard
{
    private readonly string _region;
    private readonly SupervisionOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _runtimeTime;
    private QueueDay _day;
    private bool _dayChanged;
    private long _lastFlush;
    private long _lastSave;

    public RegionBoard(string region, SupervisionOptions options, QueueDay? saved, TimeProvider runtimeTime, DateTimeOffset now)
    {
        _region = region;
        _options = options;
        _zone = options.Zone();
        _runtimeTime = runtimeTime;
        Feed = new SupervisorFeed(options.StreamBacklog);
        _day = saved?.Copy() ?? new QueueDay();
        Day(now);
        _lastSave = _lastFlush = runtimeTime.GetTimestamp();
    }

    public SupervisorFeed Feed { get; }

    /// <summary>
    /// Today's counters (a new day starts at local midnight in the hotline's zone). Starting a
    /// day is not a change to save: counters read back after a restart start the day again too.
    /// </summary>
    public QueueDay Day(DateTimeOffset now)
    {
        _day.RollTo(SupervisionOptions.DayOf(now, _zone));
        return _day;
    }

    /// <summary>Today's counters, about to change.</summary>
    public QueueDay Today(DateTimeOffset now)
    {
        _dayChanged = true;
        return Day(now);
    }

    /// <summary>A contact entered the queue: counted; an alert when the caller is in imminent danger.</summary>
    public CrisisAlert? Entered(WaitingContact contact, DateTimeOffset now)
    {
        if (contact.Kind != WorkKind.Contact)
        {
            return null;
        }

        Today(now).Entered++;
        // Taken out of hours: a call-back for the opening from the start.
        Today(now).CallBacksRequested += contact.CallBack is null ? 0 : 1;
        return contact.Urgency == Urgency.ImminentDanger
            ? new CrisisAlert(_region, AlertReason.Opened, contact.CaseId, contact.ContactId, contact.Needs.Channel, contact.EnqueuedAt, now)
            : null;
    }

    /// <summary>
    /// A contact was answered after waiting since it entered: counted; for an imminent-danger
    /// contact, the alert that ends its alerts (who answered, when), so no board keeps showing it.
    /// </summary>
    public CrisisAlert? Answered(WaitingContact contact, string responderId, DateTimeOffset now)
    {
        Count(contact.Kind, day => day.CountAnswered(now - contact.EnqueuedAt, _options.ServiceLevelThreshold), now);
        return contact.Kind == WorkKind.Contact && contact.Urgency == Urgency.ImminentDanger
            ? new CrisisAlert(_region, AlertReason.Answered, contact.CaseId, contact.ContactId, contact.Needs.Channel, contact.EnqueuedAt, now, AnsweredBy: responderId)
            : null;
    }

    /// <summary>
    /// A contact is back in the queue after it was taken out (its connection could not be saved,
    /// or a move or abandon failed): an imminent-danger contact alerts again, since an answered
    /// alert may already have said it was over.
    /// </summary>
    public CrisisAlert? Returned(WaitingContact contact, DateTimeOffset now) =>
        contact.Kind == WorkKind.Contact && contact.Urgency == Urgency.ImminentDanger
            ? new CrisisAlert(_region, AlertReason.Opened, contact.CaseId, contact.ContactId, contact.Needs.Channel, contact.EnqueuedAt, now)
            : null;

    /// <summary>The caller hung up while waiting.</summary>
    public void Abandoned(WaitingContact contact, DateTimeOffset now) => Count(contact.Kind, day => day.Abandoned++, now);

    /// <summary>A responder declined the contact's offer.</summary>
    public void Declined(WaitingContact? contact, DateTimeOffset now) => Count(contact?.Kind, day => day.Declined++, now);

    /// <summary>An offer's deadline passed.</summary>
    public void Missed(Offer offer, DateTimeOffset now) => Count(offer.Kind, day => day.MissedOffers++, now);

    /// <summary>
    /// A responder of this region reported again: each wrap-up <paramref name="before"/> showed
    /// that <paramref name="after"/> no longer does (ended early, at its limit, or replaced by a
    /// newer one) counts its after-contact time, up to its limit. A dispatcher that restarted
    /// knows no "before", so a wrap-up running across the restart is not counted (never twice).
    /// </summary>
    public void WrapUpsEnded(ResponderAvailability? before, ResponderAvailability after, DateTimeOffset now)
    {
        if (before is null)
        {
            return;
        }

        foreach (var load in before.Channels)
        {
            if (load.WrapUp is { } w && !after.Channels.Any(c => c.WrapUp == w))
            {
                Today(now).CountWrapUp((now < w.Until ? now : w.Until) - w.Since);
            }
        }
    }

    /// <summary>
    /// A call-back waits: counted as requested when a contact waiting in the queue (<paramref name="found"/>)
    /// was not one before; an attempt that failed, or a repeat, is not a new request.
    /// </summary>
    public void CallBack(bool found, bool wasCallBack, DateTimeOffset now)
    {
        if (found && !wasCallBack)
        {
            Today(now).CallBacksRequested++;
        }
    }

    /// <summary>A call-back ended after its last attempt failed.</summary>
    /// <returns>The day's count so far.</returns>
    public int CallBackUnreached(DateTimeOffset now) => ++Today(now).CallBacksUnreached;

    /// <summary>Another region's contact was offered to a responder of this region.</summary>
    public void EscalatedIn(DateTimeOffset now) => Today(now).EscalatedIn++;

    /// <summary>
    /// A contact of this region is offered to a responder of another: counted once as escalated
    /// out. True when the other region should count it in.
    /// </summary>
    public bool EscalatedOut(QueueEntry entry, DateTimeOffset now)
    {
        if (entry.EscalationCounted || entry.Contact.Kind != WorkKind.Contact)
        {
            return false;
        }

        entry.EscalationCounted = true;
        Today(now).EscalatedOut++;
        return true;
    }

    /// <summary>Imminent-danger contacts still waiting after the configured time: one more alert each.</summary>
    public List<CrisisAlert> Realerts(IEnumerable<QueueEntry> inOrder, DateTimeOffset now)
    {
        var due = new List<CrisisAlert>();
        foreach (var entry in Crises(inOrder))
        {
            var c = entry.Contact;
            if (!entry.Realerted && now - c.EnqueuedAt >= _options.CrisisRealertAfter)
            {
                entry.Realerted = true;
                due.Add(new CrisisAlert(_region, AlertReason.NotConnectedInTime, c.CaseId, c.ContactId, c.Needs.Channel, c.EnqueuedAt, now));
            }
        }

        return due;
    }

    /// <summary>The alerts that still stand: imminent-danger contacts waiting now, sent to a new watcher.</summary>
    public List<CrisisAlert> Standing(IEnumerable<QueueEntry> inOrder, DateTimeOffset now) =>
        [.. Crises(inOrder).Select(e => new CrisisAlert(_region, e.Realerted ? AlertReason.NotConnectedInTime : AlertReason.Opened,
            e.Contact.CaseId, e.Contact.ContactId, e.Contact.Needs.Channel, e.Contact.EnqueuedAt, now))];

    /// <summary>Whether figures and roster changes are due to be pushed (at most once per update interval).</summary>
    public bool FlushDue()
    {
        var now = _runtimeTime.GetTimestamp();
        if (!Feed.HasSubscribers || _runtimeTime.GetElapsedTime(_lastFlush, now) < _options.UpdateInterval)
        {
            return false;
        }

        _lastFlush = now;
        return true;
    }

    /// <summary>The day's counters to save when they changed and the save interval has passed (or <paramref name="force"/>), else null.</summary>
    public QueueDay? DayToSave(bool force)
    {
        var now = _runtimeTime.GetTimestamp();
        if (!_dayChanged || (!force && _runtimeTime.GetElapsedTime(_lastSave, now) < _options.CounterSaveInterval))
        {
            return null;
        }

        _lastSave = now;
        return _day.Copy();
    }

    /// <summary>The counters handed out by <see cref="DayToSave"/> are on disk.</summary>
    public void Saved() => _dayChanged = false;

    /// <summary>The day's figures count people's contacts, not follow-ups or transfers.</summary>
    private void Count(WorkKind? kind, Action<QueueDay> count, DateTimeOffset now)
    {
        if (kind == WorkKind.Contact)
        {
            count(Today(now));
        }
    }

    /// <summary>Queue order puts imminent danger first; contacts only (not follow-ups or transfers).</summary>
    private static IEnumerable<QueueEntry> Crises(IEnumerable<QueueEntry> inOrder) =>
        inOrder.TakeWhile(e => e.Urgency == Urgency.ImminentDanger).Where(e => e.Contact.Urgency == Urgency.ImminentDanger && e.Contact.Kind == WorkKind.Contact);
}
