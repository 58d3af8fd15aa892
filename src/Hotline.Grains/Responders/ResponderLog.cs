using Microsoft.Extensions.Logging;

namespace Hotline.Responders;

/// <summary>What a responder's grain logs: ids only, never a name or a person's details.</summary>
internal static partial class ResponderLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Responder {ResponderId} refused an offer of contact {ContactId}")]
    public static partial void OfferRefused(ILogger logger, string responderId, Guid contactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} stream opened ({Streams} open)")]
    public static partial void StreamOpened(ILogger logger, string responderId, int streams);

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} stream closed ({Streams} open)")]
    public static partial void StreamClosed(ILogger logger, string responderId, int streams);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Responder {ResponderId} was disabled by {Actor}")]
    public static partial void Disabled(ILogger logger, string responderId, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Responder {ResponderId} was enabled again by {Actor}")]
    public static partial void Enabled(ILogger logger, string responderId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} is disconnected: no stream open after the grace period")]
    public static partial void Disconnected(ILogger logger, string responderId);
}
