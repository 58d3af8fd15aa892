using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Contacts;

/// <summary>
/// The durable record of one contact, and the source of truth for its routing: stored as
/// JSON (see Storage/ContactRecordJson), whose property names the database's open-contacts
/// index reads, so renaming Region, Status or ResponderId is a schema change.
/// </summary>
[GenerateSerializer, Alias("hotline.ContactState")]
public sealed class ContactState
{
    [Id(0)] public string RequestId { get; set; } = "";
    [Id(1)] public Guid CaseId { get; set; }
    [Id(2)] public ContactStatus Status { get; set; }
    [Id(3)] public Channel Channel { get; set; }
    [Id(4)] public string Language { get; set; } = "";
    [Id(5)] public string Location { get; set; } = "";
    [Id(6)] public string Region { get; set; } = "";
    [Id(7)] public string[] Skills { get; set; } = [];
    [Id(8)] public Urgency Urgency { get; set; }
    [Id(9)] public string Summary { get; set; } = "";
    [Id(10)] public string? ResponderId { get; set; }
    [Id(11)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(12)] public DateTimeOffset? ConnectedAt { get; set; }
    [Id(13)] public DateTimeOffset? EndedAt { get; set; }
    [Id(14)] public string? PreferredResponderId { get; set; }
    [Id(15)] public Guid ContactId { get; set; }

    /// <summary>Set when an operator ended a connected contact rather than its responder completing it.</summary>
    [Id(16)] public bool EndedByOperator { get; set; }

    /// <summary>What the dispatcher needs to route this contact; no free text.</summary>
    public WaitingContact ToWaiting() =>
        new(ContactId, CaseId, Region, new ContactNeeds(Channel, Language, Skills), Urgency, ReceivedAt, PreferredResponderId);
}
