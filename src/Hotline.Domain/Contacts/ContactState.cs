using System.Text.Json.Serialization;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Contacts;

/// <summary>
/// The durable record of one contact, and the source of truth for its routing: stored as
/// JSON (see Storage/ContactRecordJson), whose property names the database's open-contacts
/// index, audit and retention read, so renaming Region, Status, ResponderId, CaseId,
/// ContactId, EndedAt, ErasedAt, Change or CaseIndex is a schema change. What is about the person
/// (summary, name, callback details) is never written as it is: it is stored encrypted in
/// <see cref="Sealed"/>.
/// </summary>
[GenerateSerializer, Alias("hotline.ContactState")]
public sealed class ContactState
{
    [NonSerialized] private string _summary = "";
    [NonSerialized] private string _callerName = "";
    [NonSerialized] private string _callback = "";

    [Id(0)] public string RequestId { get; set; } = "";
    [Id(1)] public Guid CaseId { get; set; }
    [Id(2)] public ContactStatus Status { get; set; }
    [Id(3)] public Channel Channel { get; set; }
    [Id(4)] public string Language { get; set; } = "";
    [Id(5)] public string Location { get; set; } = "";
    [Id(6)] public string Region { get; set; } = "";
    [Id(7)] public string[] Skills { get; set; } = [];
    [Id(8)] public Urgency Urgency { get; set; }

    /// <summary>The operator's summary. Personal: kept in <see cref="Sealed"/> on disk.</summary>
    [Id(9), JsonIgnore]
    public string Summary { get => _summary; set => (_summary, Sealed) = (value, null); }

    [Id(10)] public string? ResponderId { get; set; }
    [Id(11)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(12)] public DateTimeOffset? ConnectedAt { get; set; }
    [Id(13)] public DateTimeOffset? EndedAt { get; set; }
    [Id(14)] public string? PreferredResponderId { get; set; }
    [Id(15)] public Guid ContactId { get; set; }

    /// <summary>Set when an operator ended a connected contact rather than its responder completing it.</summary>
    [Id(16)] public bool EndedByOperator { get; set; }

    /// <summary>The subject of the operator (or supervisor) who took the contact.</summary>
    [Id(17)] public string? OpenedBy { get; set; }

    /// <summary>The name the person gave. Personal: kept in <see cref="Sealed"/> on disk.</summary>
    [Id(18), JsonIgnore]
    public string CallerName { get => _callerName; set => (_callerName, Sealed) = (value, null); }

    /// <summary>How and when it is safe to call back. Personal: kept in <see cref="Sealed"/> on disk.</summary>
    [Id(19), JsonIgnore]
    public string Callback { get => _callback; set => (_callback, Sealed) = (value, null); }

    /// <summary>A keyed hash of the caller's number or handle; the number itself is never kept.</summary>
    [Id(20)] public string? CallerKey { get; set; }

    /// <summary>When the personal fields were erased (retention or a request); the figures stay.</summary>
    [Id(21)] public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>The change the latest write makes; the database adds it to the audit in the same statement.</summary>
    [Id(22)] public ContactChange? Change { get; set; }

    /// <summary>
    /// The personal fields, encrypted; filled by the storage serializer and reused while the
    /// fields are unchanged (setting any of them clears it).
    /// </summary>
    [Id(23)] public string? Sealed { get; set; }

    /// <summary>A contact from a person, or a follow-up or transfer of a case routed like one.</summary>
    [Id(24)] public WorkKind Kind { get; set; }

    /// <summary>The only responder who may take it (a transfer to a named responder).</summary>
    [Id(25)] public string? RequiredResponderId { get; set; }

    /// <summary>For a transfer: the region the case moves to when it is accepted.</summary>
    [Id(26)] public string? TransferRegion { get; set; }

    /// <summary>For a follow-up: the follow-up it was routed for.</summary>
    [Id(27)] public Guid? Concerns { get; set; }

    /// <summary>
    /// For a follow-up or transfer: the region its case belongs to, whose supervisors may see
    /// and cancel it wherever it waits.
    /// </summary>
    [Id(28)] public string? CaseRegion { get; set; }

    /// <summary>
    /// The contact joined the caller's open case because their number matched (no case was named):
    /// what an operator must not learn from the reply (<see cref="Access.AccessPolicy.SeesCaseJoinedByCaller"/>).
    /// </summary>
    [Id(29)] public bool JoinedByCaller { get; set; }

    /// <summary>For a follow-up: the case's safe window; it is offered only while the window is open.</summary>
    [Id(30)] public SafeWindow? SafeWindow { get; set; }

    /// <summary>For a follow-up: held while its case's caller is known not to be safe.</summary>
    [Id(31)] public bool Held { get; set; }
    /// <summary>The call-back the person is waiting for instead of holding, with its attempts (<see cref="CallBackRules"/>).</summary>
    [Id(32)] public CallBackRequest? QueuedCallBack { get; set; }

    /// <summary>What the latest write changes in its case's index, for the database to copy (see <see cref="CaseOwnership"/>).</summary>
    public CaseIndexChange? CaseIndex =>
        Change is { } change ? CaseOwnership.IndexChange(new ContactWrite(change, Kind, Region, ResponderId, TransferRegion, OpenedBy, CallerKey)) : null;

    [JsonIgnore]
    public bool HasPersonalData => _summary.Length > 0 || _callerName.Length > 0 || _callback.Length > 0;

    /// <summary>Forgets everything about the person; what remains are figures for statistics.</summary>
    public void ErasePersonalData(DateTimeOffset at)
    {
        Summary = "";
        CallerName = "";
        Callback = "";
        CallerKey = null;
        ErasedAt = at;
    }

    /// <summary>A copy to put back when a change cannot be written (nothing in it is changed in place).</summary>
    public ContactState Copy() => (ContactState)MemberwiseClone();

    /// <summary>What the dispatcher needs to route this contact; no free text.</summary>
    public WaitingContact ToWaiting() =>
        new(ContactId, CaseId, Region, new ContactNeeds(Channel, Language, Skills), Urgency, ReceivedAt, PreferredResponderId, Kind, RequiredResponderId,
            SafeWindow, Held, CallBackRules.TurnOf(QueuedCallBack));
}
