using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Routing;

/// <summary>
/// Where a region's new contacts go while a supervisor has diverted them: to named responders of
/// the region (a triage group) or to the responders of another region. Contacts that entered from
/// <paramref name="Since"/> on are diverted; those already waiting then stay as they were.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.SurgeDiversion")]
public sealed record SurgeDiversion([Id(0)] string[] ResponderIds, [Id(1)] string? Region, [Id(2)] DateTimeOffset Since);

/// <summary>
/// A region's surge mode: off, or a <see cref="SurgeDiversion"/>. Only new contacts from people are
/// diverted (not follow-ups or transfers meant for someone); escalation still widens their search
/// past its thresholds, so nobody waits on the triage group for ever.
/// </summary>
public sealed class SurgeMode(string region)
{
    /// <summary>The most responders a triage group names.</summary>
    public const int MaxResponders = 50;

    public SurgeDiversion? Current { get; private set; }

    /// <summary>Takes the mode as it was saved (after a restart).</summary>
    public void Restore(SurgeDiversion? saved) => Current = saved;

    /// <summary>
    /// Diverts new contacts to <paramref name="responderIds"/> (who must have the region as home,
    /// per <paramref name="roster"/>) or to <paramref name="toRegion"/>. Setting the mode it is
    /// already in changes nothing (false); changing the target keeps the time it was first set.
    /// </summary>
    public bool Set(IReadOnlyList<string> responderIds, string? toRegion, IReadOnlyCollection<string> roster, DateTimeOffset now)
    {
        var group = responderIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if ((group.Length == 0) == string.IsNullOrEmpty(toRegion))
        {
            throw new InvalidFieldException("responder_ids", "name the triage responders or a region to divert to, not both");
        }

        if (toRegion == region)
        {
            throw new InvalidFieldException("to_region", "must be another region than the one diverted");
        }

        if (group.Length > MaxResponders)
        {
            throw new InvalidFieldException("responder_ids", $"must name at most {MaxResponders} responders");
        }

        if (group.Any(id => !roster.Contains(id)))
        {
            throw new FailedPreconditionException("responder_ids", "every triage responder must have the region as home");
        }

        var target = string.IsNullOrEmpty(toRegion) ? null : toRegion;
        if (Current is { } on && on.Region == target && on.ResponderIds.AsSpan().SequenceEqual(group))
        {
            return false;
        }

        Current = new SurgeDiversion(group, target, Current?.Since ?? now);
        return true;
    }

    /// <summary>Restores normal routing for new contacts; false when it was already off.</summary>
    public bool Clear()
    {
        var was = Current is not null;
        Current = null;
        return was;
    }

    /// <summary>The diversion that applies to <paramref name="contact"/>, or null when it routes as usual.</summary>
    public SurgeDiversion? For(WaitingContact contact) =>
        Current is { } on && contact.Kind == WorkKind.Contact && contact.RequiredResponderId is null && contact.EnqueuedAt >= on.Since ? on : null;

    /// <summary>Whether a diverted contact may go to <paramref name="responder"/> of this region.</summary>
    public static bool Admits(SurgeDiversion diversion, string responder) =>
        diversion.Region is null && Array.BinarySearch(diversion.ResponderIds, responder, StringComparer.Ordinal) >= 0;
}
