using Hotline.Security;

namespace Hotline.Gateway.Security;

/// <summary>Reads the cluster's revocation list every <see cref="SecurityOptions.RevocationRefresh"/>, so a token revoked through another gateway is refused here too.</summary>
public sealed partial class RevocationRefresher(RevocationCache cache, IConfiguration configuration, ILogger<RevocationRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SecurityOptions.From(configuration).RevocationRefresh);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await cache.RefreshAsync();
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The silos are out of reach: calls fail anyway; the last list read stays in force.
                if (!failing)
                {
                    LogRefreshFailed(logger, e.GetType().Name);
                }

                failing = true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The revocation list could not be read ({Error}); the last one read stays in force until the cluster answers")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
