using System.Threading.Channels;
using Hotline.Gateway.Services.Streaming;
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
    /// <summary>Events from the dispatchers held for the stream's writer at most.</summary>
    private const int Backlog = 64;

    public static ChannelReader<(string Region, SupervisionEvent Event)> Start(
        IGrainFactory grains, IReadOnlyList<string> regions, SupervisionTopics topics, ILogger logger, CancellationToken cancellationToken)
    {
        // Bounded, and waited on when full: a stream whose client reads slowly stops pulling from
        // the dispatchers, whose own bounded backlogs then send it the whole picture again.
        var merged = Channel.CreateBounded<(string, SupervisionEvent)>(new BoundedChannelOptions(Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var pumps = regions.Select(r => PumpAsync(grains.GetGrain<IRegionQueueGrain>(r), r, topics, merged.Writer, logger, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        return merged.Reader;
    }

    private static Task PumpAsync(IRegionQueueGrain grain, string region, SupervisionTopics topics,
        ChannelWriter<(string, SupervisionEvent)> writer, ILogger logger, CancellationToken cancellationToken) =>
        Resubscribing.PumpAsync(
            cancellation => grain.Watch(topics, cancellation),
            (e, cancellation) => writer.WriteAsync((region, e), cancellation),
            // Any failure is retried: this region is one of several merged into the stream, which
            // ends only with the call, and a new subscription starts with the whole picture.
            static _ => true,
            exception => LogResubscribing(logger, exception, region),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor subscription to region {Region} ended; subscribing again")]
    private static partial void LogResubscribing(ILogger logger, Exception? exception, string region);
}
