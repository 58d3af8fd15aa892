using Grpc.Core;

namespace Hotline.Bench;

/// <summary>
/// What a client does while a silo fails over: a call answered UNAVAILABLE is sent again, the
/// same request (an intake keeps its request id), after a short pause, until it gets another
/// answer or the time allowed runs out. Nothing else is retried.
/// </summary>
public static class Retry
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<T> OnUnavailableAsync<T>(Func<DateTime, Task<T>> call, RunCounters counters, string name, TimeSpan allowed,
        CancellationToken token)
    {
        var until = DateTime.UtcNow + allowed;
        while (true)
        {
            try
            {
                return await call(until);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow + Pause < until && !token.IsCancellationRequested)
            {
                counters.Add($"{name}_retried_unavailable");
            }

            await Task.Delay(Pause, token);
        }
    }
}
