using Hotline.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>
/// In a cluster, keeps every region's dispatcher active: when the silo holding one dies, the
/// next wake-up (every few seconds, from every silo) activates it on a live silo, where it
/// rebuilds its queue from the open-contacts index and routes the waiting contacts again.
/// </summary>
public sealed partial class DispatcherKeeper(IGrainFactory grains, RegionTopology topology, ILogger<DispatcherKeeper> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.WhenAll(topology.Regions.Select(r => grains.GetGrain<IDispatcherGrain>(r.Code).Wake()));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A silo going away: the next tick tries again.
                LogWakeFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking the dispatchers failed; trying again")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
