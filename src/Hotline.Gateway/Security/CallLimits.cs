using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Hotline.Gateway.Services;
using Microsoft.AspNetCore.RateLimiting;

namespace Hotline.Gateway.Security;

/// <summary>
/// Limits on every call, per caller (token subject): a budget of calls a minute on every RPC, a
/// tighter one on intake, and a cap on live streams held open at once. Past a limit the call is
/// answered RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to try again, before it
/// reaches a service, so a careless or hostile loop fills neither the audit nor the memory.
/// </summary>
public static class CallLimits
{
    /// <summary>The rate-limiting policy on intake.</summary>
    public const string IntakePolicy = "intake";

    private static readonly HashSet<string> StreamPaths =
        [.. ApiDescriptors.Services.SelectMany(s => s.Methods).Where(m => m.IsServerStreaming).Select(ApiDescriptors.PathOf)];

    public static void AddHotlineCallLimits(this IServiceCollection services, LimitOptions limits)
    {
        limits.Validate();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(IntakePolicy, context => RateLimitPartition.GetTokenBucketLimiter(Subject(context), _ => PerMinute(limits.IntakePerMinute)));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Subject(context) is { Length: > 0 } subject && GrpcRefusals.IsGrpc(context.Request)
                    ? RateLimitPartition.GetTokenBucketLimiter(subject, _ => PerMinute(limits.CallsPerMinute))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Subject(context) is { Length: > 0 } subject && StreamPaths.Contains(context.Request.Path.Value ?? "")
                    ? RateLimitPartition.GetConcurrencyLimiter(subject, _ => new ConcurrencyLimiterOptions { PermitLimit = limits.StreamsPerCaller, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")));
            options.OnRejected = (context, _) =>
            {
                var path = context.HttpContext.Request.Path.Value ?? "";
                var message = StreamPaths.Contains(path) && !context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan _)
                    ? $"too many live streams: at most {limits.StreamsPerCaller} open at once per caller; close one first"
                    : path.EndsWith("/OpenContact", StringComparison.Ordinal)
                        ? $"intake: at most {limits.IntakePerMinute} contacts (and {limits.CallsPerMinute} calls) a minute per caller; retry shortly"
                        : $"too many calls: at most {limits.CallsPerMinute} a minute per caller; retry shortly";
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
                GrpcRefusals.Write(context.HttpContext.Response, Grpc.Core.StatusCode.ResourceExhausted, message, RetryInfo(message, retryAfter));
                return ValueTask.CompletedTask;
            };
        });
    }

    private static string Subject(HttpContext context) => context.User.FindFirst(HotlineClaims.Subject)?.Value ?? "";

    private static TokenBucketRateLimiterOptions PerMinute(int calls) => new()
    {
        TokenLimit = calls,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / calls,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The status details a gRPC client reads to know when to retry (grpc-status-details-bin).</summary>
    private static byte[] RetryInfo(string message, TimeSpan after) => new Google.Rpc.Status
    {
        Code = (int)Code.ResourceExhausted,
        Message = message,
        Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after) }) },
    }.ToByteArray();
}
