using System.Globalization;
using System.Text;
using Hotline.Domain;

namespace Hotline.Contacts;

/// <summary>An operator's intake of one contact, already validated by the gateway.</summary>
/// <remarks>
/// <see cref="CallerReference"/> is the caller's number or handle as the operator gave it: the
/// contact grain turns it into a keyed hash with the silo's caller-hash key and keeps only
/// that. Id 11 carried a hash the gateway made; it is retired, never to be reused.
/// </remarks>
[GenerateSerializer, Immutable, Alias("hotline.OpenContactCommand")]
public sealed record OpenContactCommand(
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
    [Id(10)] string Callback,
    [Id(12)] string? CallerReference)
{
    // Message bodies reach verbose runtime logs through ToString: show no personal field.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"RequestId = {RequestId}, Region = {Region}, Urgency = {Urgency}");
        return true;
    }
}

/// <summary>A contact as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ContactSnapshot")]
public sealed record ContactSnapshot(
    [Id(0)] Guid ContactId,
    [Id(1)] Guid CaseId,
    [Id(2)] ContactStatus Status,
    [Id(3)] Channel Channel,
    [Id(4)] string Language,
    [Id(5)] string Location,
    [Id(6)] string Region,
    [Id(7)] string[] Skills,
    [Id(8)] Urgency Urgency,
    [Id(9)] string Summary,
    [Id(10)] string? ResponderId,
    [Id(11)] DateTimeOffset ReceivedAt,
    [Id(12)] DateTimeOffset? ConnectedAt,
    [Id(13)] DateTimeOffset? EndedAt,
    [Id(14)] DateTimeOffset? OfferDeadline,
    [Id(15)] bool EndedByOperator,
    [Id(16)] string CallerName,
    [Id(17)] string Callback,
    [Id(18)] string? OpenedBy,
    [Id(19)] DateTimeOffset? ErasedAt,
    [Id(20)] WorkKind Kind = WorkKind.Contact,
    [Id(21)] string? TransferRegion = null,
    [Id(22)] Guid? Concerns = null,
    [Id(23)] string? CaseRegion = null,
    [Id(24)] bool JoinedByCaller = false,
    [Id(30)] CallBackRequest? QueuedCallBack = null)
{
    // Message bodies reach verbose runtime logs through ToString: show no personal field.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"ContactId = {ContactId}, CaseId = {CaseId}, Status = {Status}, Region = {Region}");
        return true;
    }

    /// <summary>
    /// The contact as <paramref name="caller"/> is shown it: to an operator, a contact that joined
    /// a case because the caller's number matched shows as having opened its own, as a new
    /// caller's does, so the intake reply does not say whether a number has a case.
    /// </summary>
    public ContactSnapshot As(Access.Caller caller) =>
        JoinedByCaller && !Access.AccessPolicy.SeesCaseJoinedByCaller(caller) ? this with { CaseId = ContactId, JoinedByCaller = false } : this;

    /// <summary>
    /// Who may see this contact: its region (for a follow-up or transfer, its case's), its
    /// operator (or whoever asked for the work), its responder.
    /// </summary>
    public Access.RecordScope Scope => new(CaseRegion ?? Region, OpenedBy, ReceivedAt, Worker is { } r ? new Dictionary<string, DateTimeOffset?> { [r] = EndedAt } : []);

    /// <summary>The responder who was connected to it, if one was.</summary>
    public string? Worker => ConnectedAt is not null ? ResponderId : null;

    /// <summary>
    /// The contact without what the person said or who they are (summary, name, call-back
    /// details): what routing and the case's bookkeeping need, and nothing a reader must be
    /// checked and audited for.
    /// </summary>
    public ContactSnapshot WithoutPersonalFields() => this with { Summary = "", CallerName = "", Callback = "" };
}

/// <summary>
/// A follow-up or transfer of a case, to be routed like a contact. <see cref="Note"/> (the
/// follow-up's note or the transfer's reason) is shown with the offer and stored sealed.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.WorkItem")]
public sealed record WorkItem(
    [Id(0)] Guid CaseId,
    [Id(1)] WorkKind Kind,
    [Id(2)] string Region,
    [Id(3)] Routing.ContactNeeds Needs,
    [Id(4)] Urgency Urgency,
    [Id(5)] string Note,
    [Id(6)] string? PreferredResponderId,
    [Id(7)] string? RequiredResponderId,
    [Id(8)] string? TransferRegion,
    [Id(9)] Guid? Concerns,
    [Id(10)] string CaseRegion,
    [Id(11)] Cases.SafeWindow? Window = null,
    [Id(12)] bool Held = false)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CaseId = {CaseId}, Kind = {Kind}, Region = {Region}");
        return true;
    }
}
