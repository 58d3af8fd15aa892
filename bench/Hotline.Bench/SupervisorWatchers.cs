using System.Diagnostics;
using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>
/// Supervisors watching every region during the loaded phase: what their streams cost the
/// hotline, how many updates reach each, and how old the figures are when they arrive
/// (from the moment the dispatcher took them to the watcher reading them).
/// </summary>
public sealed class SupervisorWatchers(SupervisorService.SupervisorServiceClient client, LatencyRecorder delay, MeasuredWindow window) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _streams = [];
    private long _updates;
    private long _alerts;

    public long Updates => Interlocked.Read(ref _updates);

    public long Alerts => Interlocked.Read(ref _alerts);

    public void Start(int watchers)
    {
        for (var i = 0; i < watchers; i++)
        {
            _streams.Add(Task.Run(WatchAsync));
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            using var call = client.WatchQueues(new WatchQueuesRequest(), cancellationToken: _stop.Token);
            await foreach (var update in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                if (update.Region is { } region && window.Contains(now))
                {
                    Interlocked.Increment(ref _updates);
                    var age = DateTimeOffset.UtcNow - region.At.ToDateTimeOffset();
                    delay.Record(now - (long)(age.TotalSeconds * Stopwatch.Frequency), now);
                }
                else if (update.Alert is not null && window.Contains(now))
                {
                    Interlocked.Increment(ref _alerts);
                }
            }
        }
        catch (RpcException) when (_stop.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_streams);
        _stop.Dispose();
    }
}
