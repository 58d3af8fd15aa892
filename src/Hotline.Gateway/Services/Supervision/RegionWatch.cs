using System.Threading.Channels;
using Hotline.Queues;
using Hotline.Supervision;

namespace Hotline.Gateway.Services.Supervision;

/// <summary>
/// One supervisor stream's subscriptions to the dispatchers of the regions it watches, merged
/// into one reader. When a dispatcher's silo goes away the enumeration breaks or ends late
/// (see docs/architecture.md); the subscription is then made again after a pause, and the
/// dispatcher starts it with the region's whole figures and roster, so nothing stays stale.
/// </summary>
internal static partial class RegionWatch
{
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    public static ChannelReader<(string Region, SupervisionEvent Event)> Start(
        IGrainFactory grains, IReadOnlyList<string> regions, SupervisionTopics topics, ILogger logger, CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<(string, SupervisionEvent)>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = regions.Select(r => PumpAsync(grains.GetGrain<IRegionQueueGrain>(r), r, topics, merged.Writer, logger, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        return merged.Reader;
    }

    private static async Task PumpAsync(IRegionQueueGrain grain, string region, SupervisionTopics topics,
        ChannelWriter<(string, SupervisionEvent)> writer, ILogger logger, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in grain.Watch(topics, cancellationToken).WithCancellation(cancellationToken))
                {
                    await writer.WriteAsync((region, e), cancellationToken);
                }

                LogResubscribing(logger, null, region);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogResubscribing(logger, exception, region);
            }

            try
            {
                await Task.Delay(ResubscribeDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor subscription to region {Region} ended; subscribing again")]
    private static partial void LogResubscribing(ILogger logger, Exception? exception, string region);
}
