using Microsoft.Extensions.Logging;

namespace Hotline.Staff;

/// <summary>What staff management logs: token ids and logins, never a person's case details.</summary>
internal static partial class StaffLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Token {TokenId} revoked by {Admin}")]
    public static partial void TokenRevoked(ILogger logger, string tokenId, string admin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every token of {Subject} issued until now revoked by {Admin}")]
    public static partial void SubjectRevoked(ILogger logger, string subject, string admin);
}
