using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Hotline.Hosting;

namespace Hotline.Gateway.Errors;

/// <summary>
/// Which calls the gateway may repeat while the routing engine is out of reach (a silo failing
/// over), and for how long. A method is repeatable when its proto says
/// <c>idempotency_level = IDEMPOTENT</c> (or <c>NO_SIDE_EFFECTS</c>): reads, and writes that give
/// the same result however often they arrive (intake carries a request id). Anything else is
/// answered UNAVAILABLE at once, for the client to read and decide.
/// </summary>
public sealed partial class FailoverRetry(ClusterSettings cluster, TimeProvider time, ILogger<FailoverRetry> logger)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>Full method names ("/hotline.v1.IntakeService/OpenContact") that are safe to repeat.</summary>
    public static readonly FrozenSet<string> Repeatable = Services.ApiDescriptors.Services
        .SelectMany(service => service.Methods.Where(IsRepeatable).Select(Services.ApiDescriptors.PathOf))
        .ToFrozenSet(StringComparer.Ordinal);

    private static bool IsRepeatable(MethodDescriptor method) =>
        method.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;

    /// <summary>When the retrying of this call must stop: the retry budget or the caller's deadline, whichever is sooner.</summary>
    public DateTimeOffset GiveUpAt(ServerCallContext context)
    {
        var budget = time.GetUtcNow() + cluster.RetryUnavailableFor;
        return context.Deadline == DateTime.MaxValue ? budget : new[] { budget, new DateTimeOffset(context.Deadline, TimeSpan.Zero) }.Min();
    }

    /// <summary>
    /// After a failed attempt: waits before the next one and returns true, or returns false when
    /// the call may not be repeated or its time is up.
    /// </summary>
    public async Task<bool> PauseBeforeRetryAsync(ServerCallContext context, int attempt, DateTimeOffset giveUpAt)
    {
        if (!Repeatable.Contains(context.Method))
        {
            return false;
        }

        var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(attempt - 1, 4)));
        if (time.GetUtcNow() + pause >= giveUpAt || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        LogRetrying(logger, context.Method, attempt);
        await Task.Delay(pause, time, context.CancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The routing engine was out of reach for {Method}; retrying (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, string method, int attempt);
}
