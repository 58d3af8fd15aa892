namespace Hotline.Audit;

/// <summary>What the audit records: reads and changes of a case and its contacts, and changes of staff and of the surge mode in a region.</summary>
public static class AuditActions
{
    public const string CaseListed = "case_listed";
    public const string MarkedAwayAfterMissedOffer = "presence_away_missed_offer";
    public const string ResponderDisabled = "responder_disabled";
    public const string ResponderEnabled = "responder_enabled";
    public const string SurgeSet = "surge_set";
    public const string SurgeCleared = "surge_cleared";
    public const string CaseOpened = "case_opened";
    public const string ContactLinked = "contact_linked";
    public const string ContactConnected = "contact_connected";
    public const string ContactCompleted = "contact_completed";
    public const string ContactEnded = "contact_ended";
    public const string ContactAbandoned = "contact_abandoned";
    public const string ContactErased = "contact_erased";
    public const string ContactReassigned = "contact_reassigned";
    public const string ContactMoved = "contact_moved";
    public const string ContactRead = "contact_read";
    public const string OfferShown = "offer_shown";
    public const string CaseRead = "case_read";
    public const string AuditRead = "audit_read";
    public const string HistoryRead = "history_read";
    public const string StatusChanged = "status_changed";
    public const string NoteAdded = "note_added";
    public const string FactsUpdated = "facts_updated";
    public const string ReferralRequested = "referral_requested";
    public const string ReferralUpdated = "referral_updated";
    public const string ConsentOverridden = "consent_overridden";
    public const string TransferRequested = "transfer_requested";
    public const string TransferAccepted = "transfer_accepted";
    public const string TransferDeclined = "transfer_declined";
    public const string TransferCancelled = "transfer_cancelled";
    public const string FollowUpScheduled = "follow_up_scheduled";
    public const string FollowUpRouted = "follow_up_routed";
    public const string FollowUpConnected = "follow_up_connected";
    public const string FollowUpCompleted = "follow_up_completed";
    public const string FollowUpCancelled = "follow_up_cancelled";
    public const string CaseClosed = "case_closed";
    public const string CaseReopened = "case_reopened";
    public const string CaseErased = "case_erased";
    public const string ErasureRequested = "erasure_requested";
    public const string SafeRulesApplied = "safe_rules_applied";
    public const string SafeRulesShown = "safe_rules_shown";
    public const string CallerNotSafe = "caller_not_safe";
    public const string NotSafeCleared = "not_safe_cleared";
    public const string OfflineCaseOpened = "offline_case_opened";
    public const string OfflineContactLinked = "offline_contact_linked";
    public const string CallBackRequested = "call_back_requested";
    public const string CallBackReached = "call_back_reached";
    public const string CallBackNotReached = "call_back_not_reached";
    public const string CallBackUnreached = "call_back_unreached";

    /// <summary>A responder's presence set by hand (by themself or a supervisor): <c>presence_available</c>, <c>presence_break</c> ...</summary>
    public static string PresenceSet(Domain.Presence presence) => presence switch
    {
        Domain.Presence.Offline => "presence_offline",
        Domain.Presence.Available => "presence_available",
        Domain.Presence.Break => "presence_break",
        Domain.Presence.Away => "presence_away",
        _ => throw new ArgumentOutOfRangeException(nameof(presence)),
    };
}
