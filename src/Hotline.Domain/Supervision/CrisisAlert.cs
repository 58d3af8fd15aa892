using Hotline.Domain;

namespace Hotline.Supervision;

/// <summary>Why a crisis alert was raised.</summary>
public enum AlertReason
{
    /// <summary>A contact entered a queue marked imminent danger.</summary>
    Opened = 0,

    /// <summary>A case's risk level was raised to imminent danger.</summary>
    RiskRaised = 1,

    /// <summary>An imminent-danger contact is still not connected after the configured time.</summary>
    NotConnectedInTime = 2,

    /// <summary>The imminent-danger contact an earlier alert named was answered: the alert is over.</summary>
    Answered = 3,

    /// <summary>The region's queue holds the most contacts allowed waiting: new intakes there are refused until it has room.</summary>
    QueueFull = 4,

    /// <summary>A contact was ended as "caller not safe": the case's follow-ups are held until a responder clears it.</summary>
    CallerNotSafe = 5,
}

/// <summary>
/// A person may be in danger now: pushed to every supervisor stream of the region at once.
/// It names the contact and case, never what was said; a supervisor reads those (audited).
/// A full queue names neither (the case id is empty); since is when it filled.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CrisisAlert")]
public sealed record CrisisAlert(
    [Id(0)] string Region,
    [Id(1)] AlertReason Reason,
    [Id(2)] Guid CaseId,
    [Id(3)] Guid? ContactId,
    [Id(4)] Channel? Channel,
    [Id(5)] DateTimeOffset Since,
    [Id(6)] DateTimeOffset At,
    [Id(7)] bool Standing = false,
    [Id(8)] string? AnsweredBy = null);
