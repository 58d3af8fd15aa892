using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Routing;

namespace Hotline.Contacts;

/// <summary>Why a contact waits to be called back.</summary>
public enum CallBackReason
{
    /// <summary>The caller asked to be called back rather than hold.</summary>
    CallerAsked = 1,

    /// <summary>It came in while its region was closed and no on-call region takes contacts.</summary>
    OutOfHours = 2,
}

/// <summary>What a responder's attempt to call back came to.</summary>
public enum CallBackOutcome
{
    Reached = 1,
    NotReached = 2,
}

/// <summary>
/// A contact's call-back request: kept with the contact, never dropped by a hang-up. Attempts
/// counts the attempts that did not reach the person; the next is due at <see cref="NextAttemptAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CallBackRequest")]
public sealed record CallBackRequest(
    [Id(0)] DateTimeOffset RequestedAt,
    [Id(1)] CallBackReason Reason,
    [Id(2)] int Attempts = 0,
    [Id(3)] DateTimeOffset? NextAttemptAt = null,
    [Id(4)] string? LastAttemptBy = null,
    [Id(5)] CallBackOutcome? LastOutcome = null);

/// <summary>What the routing of a call-back needs: which attempt is next, and not before when.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CallBackTurn")]
public sealed record CallBackTurn([Id(0)] int Attempt, [Id(1)] DateTimeOffset NotBefore);

/// <summary>Call-back settings (section <c>Hotline:Routing:CallBack</c>).</summary>
public sealed class CallBackOptions
{
    /// <summary>Attempts to reach the person before the call-back ends unreached (1 to 20).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long after an attempt that did not reach the person the next one is offered (1 minute to 7 days).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>What recording an attempt did.</summary>
public enum CallBackResult
{
    /// <summary>The person was reached: the contact stays connected, to be completed as any contact.</summary>
    Reached,

    /// <summary>Not reached: it waits again, in its old place, until the retry delay has passed.</summary>
    WaitsAgain,

    /// <summary>The last attempt failed: the call-back ended unreached.</summary>
    Unreached,

    /// <summary>A repeat of the outcome already recorded: nothing changed.</summary>
    Repeated,
}

/// <summary>
/// The rules of a queued call-back: a waiting contact from a person may become one, keeping its
/// place (its arrival time); each attempt is a connection to a responder who records whether the
/// person was reached; after the configured number of failed attempts it ends unreached.
/// </summary>
public static class CallBackRules
{
    /// <summary>Turns a waiting contact into a call-back request; false (and no change) when it already is one.</summary>
    public static bool Request(ContactState s, CallBackReason reason, Caller by, Roles role, DateTimeOffset now)
    {
        if (s.QueuedCallBack is not null && s.Status == ContactStatus.Queued)
        {
            return false;
        }

        ContactLifecycle.EnsureWaiting(s, "turned into a call-back");
        if (s.Kind != WorkKind.Contact)
        {
            throw new FailedPreconditionException("ContactId", "only a contact from a person can be called back; a follow-up or transfer is work of its case");
        }

        s.QueuedCallBack = new CallBackRequest(now, reason);
        s.Change = ContactLifecycle.Change(AuditActions.CallBackRequested, by, role, now);
        return true;
    }

    /// <summary>A new contact that came in out of hours: it waits as a call-back for the region's opening.</summary>
    public static void AtOpening(ContactState s, DateTimeOffset now) => s.QueuedCallBack = new CallBackRequest(now, CallBackReason.OutOfHours);

    /// <summary>A hang-up does not drop a call-back: the person is waiting to be called, not holding.</summary>
    public static bool SurvivesHangUp(ContactState s) => s.QueuedCallBack is not null && s.Status == ContactStatus.Queued;

    /// <summary>The responder connected to the call-back records how the attempt went.</summary>
    public static CallBackResult Record(ContactState s, string responderId, CallBackOutcome outcome, CallBackOptions options, Caller by, DateTimeOffset now)
    {
        if (s.QueuedCallBack is not { } request)
        {
            throw new FailedPreconditionException("ContactId", "the contact is not a call-back");
        }

        if (s.Status != ContactStatus.Connected || s.ResponderId != responderId)
        {
            // A retry of an outcome that took effect answers the same; anything else is refused.
            return request.LastAttemptBy == responderId && request.LastOutcome == outcome && s.ResponderId == responderId
                ? CallBackResult.Repeated
                : throw new FailedPreconditionException("ContactId", "the call-back is not connected to this responder");
        }

        if (outcome == CallBackOutcome.Reached)
        {
            if (request.LastOutcome == CallBackOutcome.Reached && request.LastAttemptBy == responderId)
            {
                return CallBackResult.Repeated;
            }

            s.QueuedCallBack = request with { LastAttemptBy = responderId, LastOutcome = outcome };
            s.Change = ContactLifecycle.Change(AuditActions.CallBackReached, by, Roles.Responder, now);
            return CallBackResult.Reached;
        }

        var failed = request.Attempts + 1;
        s.QueuedCallBack = request with { Attempts = failed, LastAttemptBy = responderId, LastOutcome = outcome, NextAttemptAt = now + options.RetryDelay };
        if (failed >= options.MaxAttempts)
        {
            (s.Status, s.EndedAt) = (ContactStatus.Unreached, now);
            s.QueuedCallBack = s.QueuedCallBack with { NextAttemptAt = null };
            s.Change = ContactLifecycle.Change(AuditActions.CallBackUnreached, by, Roles.Responder, now);
            return CallBackResult.Unreached;
        }

        s.Status = ContactStatus.Queued;
        s.Change = ContactLifecycle.Change(AuditActions.CallBackNotReached, by, Roles.Responder, now);
        return CallBackResult.WaitsAgain;
    }

    /// <summary>The turn the dispatcher routes by; null for a contact whose caller holds.</summary>
    public static CallBackTurn? TurnOf(CallBackRequest? request) =>
        request is null ? null : new CallBackTurn(request.Attempts + 1, request.NextAttemptAt ?? request.RequestedAt);
}
