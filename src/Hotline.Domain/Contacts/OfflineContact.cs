using System.Globalization;
using System.Text;
using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Contacts;

/// <summary>
/// A contact that happened outside the system (a walk-in at a shelter, a call taken during an
/// outage), recorded afterwards by the responder who had it, with when it really happened.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.OfflineContactCommand")]
public sealed record OfflineContactCommand(
    [Id(0)] string RequestId,
    [Id(1)] Channel Channel,
    [Id(2)] string Language,
    [Id(3)] string Location,
    [Id(4)] string Region,
    [Id(5)] string[] Skills,
    [Id(6)] Urgency Urgency,
    [Id(7)] Guid? CaseId,
    [Id(8)] string Summary,
    [Id(9)] string CallerName,
    [Id(10)] DateTimeOffset StartedAt,
    [Id(11)] DateTimeOffset EndedAt)
{
    // Message bodies reach verbose runtime logs through ToString: show no personal field.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"RequestId = {RequestId}, Region = {Region}");
        return true;
    }
}

/// <summary>
/// The rules of an offline contact: recorded by a responder in their home region, in the past
/// and no further back than <see cref="MaxAge"/>; it joins the case named (which that responder
/// must own) or opens one of its own, and is on record as completed by that responder. It is
/// never queued or offered.
/// </summary>
public static class OfflineContact
{
    /// <summary>How far back an offline contact may be recorded.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>The longest an offline contact may have lasted.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(12);

    /// <summary>The id of an offline record: scoped to the responder who sent the request id, apart from intakes.</summary>
    public static Guid IdFor(string responderId, string requestId) => HotlineIds.ContactFromRequest($"offline:{responderId}", requestId);

    /// <summary>Refused unless it happened in the past, within <see cref="MaxAge"/>, and ended after it started.</summary>
    public static void EnsureTimes(OfflineContactCommand command, DateTimeOffset now)
    {
        if (command.StartedAt > now || command.StartedAt < now - MaxAge)
        {
            throw new InvalidFieldException("StartedAt", $"must be in the past and within {MaxAge.TotalDays:0} days");
        }

        if (command.EndedAt < command.StartedAt || command.EndedAt > now || command.EndedAt - command.StartedAt > MaxLength)
        {
            throw new InvalidFieldException("EndedAt", $"must be after started_at, in the past, and within {MaxLength.TotalHours:0} hours of it");
        }
    }

    /// <summary>A responder records contacts in their home region only.</summary>
    public static void EnsureMayRecord(Caller caller, string? homeRegion, string region)
    {
        if (!caller.Is(Roles.Responder) || caller.ResponderId is null || homeRegion != region)
        {
            throw new PermissionDeniedException("Location", "a responder records offline contacts in their home region only");
        }
    }

    /// <summary>The record: connected and completed at the times given, by the responder, joining <paramref name="caseId"/>.</summary>
    public static void Record(ContactState s, Guid contactId, OfflineContactCommand command, Guid caseId, Caller by, DateTimeOffset now)
    {
        (s.ContactId, s.CaseId, s.Kind, s.Status, s.RequestId) = (contactId, caseId, WorkKind.Contact, ContactStatus.Completed, command.RequestId);
        (s.Region, s.Location, s.Urgency, s.Channel, s.Language, s.Skills) = (command.Region, command.Location, command.Urgency, command.Channel, command.Language, command.Skills);
        (s.Summary, s.CallerName, s.OpenedBy, s.ResponderId) = (command.Summary, command.CallerName, by.Subject, by.ResponderId);
        (s.ReceivedAt, s.ConnectedAt, s.EndedAt) = (command.StartedAt, command.StartedAt, command.EndedAt);
        var action = caseId == contactId ? AuditActions.OfflineCaseOpened : AuditActions.OfflineContactLinked;
        s.Change = ContactLifecycle.Change(action, by, Roles.Responder, now);
    }
}
