namespace Hotline.Domain;

/// <summary>How a person reached the hotline. Capacity is counted per channel.</summary>
public enum Channel
{
    Voice = 1,
    Sms = 2,
    Chat = 3,
    Messenger = 4,
    WalkIn = 5,
}

/// <summary>How soon the person must be answered. Higher is more urgent.</summary>
public enum Urgency
{
    Low = 1,
    Normal = 2,
    High = 3,
    ImminentDanger = 4,
}

/// <summary>What a responder has said about their own availability.</summary>
public enum Presence
{
    Offline = 0,
    Available = 1,
    Break = 2,
    /// <summary>Set by the hotline when an offer went unanswered; the responder sets it back.</summary>
    Away = 3,
}

/// <summary>The life of one inbound contact.</summary>
public enum ContactStatus
{
    Received = 0,
    Queued = 1,
    Offered = 2,
    Connected = 3,
    Completed = 4,
    Abandoned = 5,
    /// <summary>A transfer the responder it was meant for turned down.</summary>
    Declined = 6,
    /// <summary>A call-back whose every attempt failed to reach the person.</summary>
    Unreached = 7,
}

/// <summary>
/// What a routed item is: a contact from a person, a follow-up that fell due on a case, or a
/// case handed to another responder or region. All three are offered and accepted alike.
/// </summary>
public enum WorkKind
{
    Contact = 0,
    FollowUp = 1,
    Transfer = 2,
}

/// <summary>The life of a case file.</summary>
public enum CaseStatus
{
    New = 0,
    Assigned = 1,
    InProgress = 2,
    Referred = 3,
    Closed = 4,
}
