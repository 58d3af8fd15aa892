namespace Hotline.Gateway.Security;

/// <summary>
/// Says, at the one start that replaced it, that the legacy HS256 token key is gone: tokens it
/// signed are refused now and must be issued again with the new ES256 key.
/// </summary>
internal sealed partial class LegacyTokenKeyNotice(ILogger<LegacyTokenKeyNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogReplaced(logger, TokenKeys.LegacyKeyFileName, TokenKeys.PrivateKeyFileName, TokenKeys.PublicKeyFileName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The HS256 token key {Legacy} was replaced by an ES256 pair ({Private}, {Public}) and deleted: tokens minted before are refused and must be issued again")]
    private static partial void LogReplaced(ILogger logger, string legacy, string @private, string @public);
}
