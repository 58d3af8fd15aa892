using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>What a region's dispatcher logs: ids and codes only, never a person's details.</summary>
internal static partial class DispatcherLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region} active with {Waiting} waiting contacts and {Roster} responders on its roster")]
    public static partial void Activated(ILogger logger, string region, int waiting, int roster);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region}: offer of contact {ContactId} to responder {ResponderId} was missed")]
    public static partial void OfferMissed(ILogger logger, string region, Guid contactId, string responderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region}: offer of contact {ContactId} withdrawn: responder {ResponderId}'s grain started again without it")]
    public static partial void OfferWithdrawnAfterRestart(ILogger logger, string region, Guid contactId, string responderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region}: contact {ContactId} offered beyond the region ({Level})")]
    public static partial void Escalated(ILogger logger, string region, Guid contactId, EscalationLevel level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatcher {Region}: crisis alert ({Reason}) for case {CaseId}")]
    public static partial void Alert(ILogger logger, string region, AlertReason reason, Guid caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatcher {Region}: saving the day's counters failed")]
    public static partial void CounterSaveFailed(ILogger logger, Exception exception, string region);
}
