using Hotline.Access;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Retention;

/// <summary>
/// Erases the personal fields of cases ended for longer than the retention period, and closes
/// and erases cases in progress or referred that nobody worked for the longest retention of
/// open cases, on a timer of the hotline's clock. Every erasure is in the case's audit under
/// "retention". Each silo sweeps; erasing is idempotent, so two sweeps meeting on a case do no harm.
/// </summary>
public sealed partial class RetentionSweeper(
    IGrainFactory grains,
    IRetentionCandidates candidates,
    ICaseIndex index,
    IErasureScrub scrub,
    IOptions<RetentionOptions> options,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    /// <summary>The identity erasures by retention carry in the audit.</summary>
    public static readonly Caller Identity = Caller.System("retention");

    /// <summary>Raised after each sweep with the number of cases erased.</summary>
    public event Action<int>? Swept;

    /// <summary>One sweep now: erases every case past retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        // An earlier erasure whose old versions readers kept in the database log is finished first.
        await scrub.RetryPendingAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - options.Value.ClosedCases;
        var erased = 0;
        foreach (var caseId in await candidates.CasesEndedBefore(cutoff, cancellationToken))
        {
            if (await grains.GetGrain<ICaseGrain>(caseId).Erase(Identity, cutoff) is not null)
            {
                erased++;
            }
        }

        erased += await ExpireOpenCasesAsync(cancellationToken);
        if (erased > 0)
        {
            LogErased(logger, erased);
        }

        Swept?.Invoke(erased);
        return erased;
    }

    /// <summary>Cases in progress or referred, unworked past <see cref="RetentionOptions.OpenCases"/>: closed and erased.</summary>
    private async Task<int> ExpireOpenCasesAsync(CancellationToken cancellationToken)
    {
        var inactiveBefore = clock.GetUtcNow() - options.Value.OpenCases;
        var erased = 0;
        CaseCursor? after = null;
        do
        {
            var page = await index.List(new CaseQuery(null, [CaseStatus.InProgress, CaseStatus.Referred], null, null, null, after, 200, inactiveBefore), cancellationToken);
            foreach (var listed in page.Cases)
            {
                if (await grains.GetGrain<ICaseRouting>(listed.CaseId).Expire(Identity, inactiveBefore) is not null)
                {
                    erased++;
                }
            }

            after = page.Next;
        }
        while (after is not null);

        return erased;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention erased the personal fields of {Cases} cases")]
    private static partial void LogErased(ILogger logger, int cases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
