using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;

namespace Hotline.Bench;

/// <summary>
/// The floor: the cheapest call the gateway serves (<c>grpc.health.v1.Health/Check</c>, no
/// grain involved) over the same channel, one at a time and then many at once.
/// </summary>
public sealed class HealthFloor(Health.HealthClient client, RunCounters counters)
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public async Task<(LatencySummary Sequential, LatencySummary Concurrent)> MeasureAsync(TimeSpan length, int callers, CancellationToken cancellationToken)
    {
        // Open the connections and JIT the path before anything counts.
        await RunAsync(new LatencyRecorder("warm-up"), WarmUp, callers, cancellationToken);

        var sequential = new LatencyRecorder("health (sequential)");
        var seconds = await RunAsync(sequential, length, 1, cancellationToken);
        var sequentialSummary = sequential.Summarize(seconds);

        var concurrent = new LatencyRecorder("health (concurrent)");
        seconds = await RunAsync(concurrent, length, callers, cancellationToken);
        return (sequentialSummary, concurrent.Summarize(seconds));
    }

    private async Task<double> RunAsync(LatencyRecorder recorder, TimeSpan length, int callers, CancellationToken cancellationToken)
    {
        var request = new HealthCheckRequest();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(start) < length && !cancellationToken.IsCancellationRequested)
            {
                var callStart = Stopwatch.GetTimestamp();
                try
                {
                    var reply = await client.CheckAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
                    recorder.Record(callStart, Stopwatch.GetTimestamp());
                    if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        counters.Add($"health_status_{reply.Status}");
                    }
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    counters.Add($"health_failed_{e.StatusCode}");
                }
            }
        }, CancellationToken.None)));
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
