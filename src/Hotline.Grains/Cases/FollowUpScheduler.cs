using Hotline.Domain;
using Hotline.Hosting;
using Hotline.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Cases;

/// <summary>
/// Routes follow-ups when they fall due. Due times live in each case's state and, in the
/// clear, in the case index; this service reads the index at start-up and then on a timer of
/// the hotline's clock, and asks each case with one due to route it. A restart therefore
/// loses nothing: what fell due while the hotline was down is routed at the next start.
/// Routing is idempotent per follow-up, so silos of a cluster polling together do no harm.
/// </summary>
public sealed partial class FollowUpScheduler(
    IGrainFactory grains,
    ICaseIndex cases,
    IOptions<FollowUpOptions> options,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    ILogger<FollowUpScheduler> logger) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>Raised after each pass with the number of follow-ups routed.</summary>
    public event Action<int>? Routed;

    /// <summary>One pass now: routes every follow-up due; returns how many.</summary>
    public async Task<int> RouteDueAsync(CancellationToken cancellationToken = default)
    {
        var routed = 0;
        var now = clock.GetUtcNow();
        DueFollowUp? after = null;
        while (true)
        {
            // Keyset pages: a case that fails every time cannot hold up the ones after it.
            var due = await cases.FollowUpsDue(now, after, Batch, cancellationToken);
            foreach (var (caseId, _) in due)
            {
                try
                {
                    routed += await grains.GetGrain<ICaseRouting>(caseId).RouteDueFollowUps();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRouteFailed(logger, caseId, exception);
                }
            }

            if (due.Count < Batch)
            {
                break;
            }

            after = due[^1];
        }

        if (routed > 0)
        {
            LogRouted(logger, routed);
        }

        Routed?.Invoke(routed);
        return routed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A fresh one-shot wait each time (not a periodic timer): when the clock jumps
                // (a test's fake clock, a suspended machine) one pass covers all that was missed.
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                try
                {
                    await RouteDueAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogPassFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routed {FollowUps} follow-ups that fell due")]
    private static partial void LogRouted(ILogger logger, int followUps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing the follow-ups of case {CaseId} failed; it is tried again at the next pass")]
    private static partial void LogRouteFailed(ILogger logger, Guid caseId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up pass failed; it runs again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
