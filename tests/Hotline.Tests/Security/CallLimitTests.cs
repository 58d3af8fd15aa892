using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Gateway;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>
/// Every RPC the protos declare is limited per caller (so a new one is covered without editing
/// this test): past the budget the call is RESOURCE_EXHAUSTED with a RetryInfo, before it
/// reaches a service; live streams are capped per caller too.
/// </summary>
public sealed class CallLimitTests
{
    private const int Budget = 3;
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Fact]
    public async Task EveryUnaryRpcPastTheCallersBudgetIsResourceExhaustedWithRetryInfo()
    {
        await using var host = await HotlineHost.StartAsync(null, null, $"--Hotline:Limits:CallsPerMinute={Budget}", "--Hotline:Limits:IntakePerMinute=100");
        var unlimited = new List<string>();
        var methods = ProtocolHygieneTests.UnaryMethods().ToList();
        foreach (var method in methods)
        {
            // A caller of its own per RPC, holding every role, so each starts with a full budget and none is refused for its role.
            var id = $"limit-{method.Name.ToLowerInvariant()}";
            var caller = new TokenClaims(id, ["operator", "supervisor", "admin", "responder"], ["*"], id);
            var invoker = host.Channel.Intercept(new BearerTokens(_ => host.Token(caller)));
            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
            for (var i = 0; i < Budget; i++)
            {
                var within = await StatusOfAsync(invoker, call);
                if (within.StatusCode == StatusCode.ResourceExhausted)
                {
                    unlimited.Add($"{method.Name}: refused within the budget ({within.Detail})");
                }
            }

            var past = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(call, null, new CallOptions(), []).ResponseAsync);
            if (past.StatusCode != StatusCode.ResourceExhausted || past.GetRpcStatus()?.GetDetail<RetryInfo>() is not { RetryDelay: not null })
            {
                unlimited.Add($"{method.Name}: {past.StatusCode} \"{past.Status.Detail}\"");
            }
        }

        Assert.True(methods.Count > 25, $"only {methods.Count} unary RPCs found");
        Assert.Empty(unlimited);
    }

    [Fact]
    public async Task ACallerHoldsAtMostTheCappedNumberOfLiveStreamsAndAnotherCallerIsNotAffected()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Limits:StreamsPerCaller=2");
        var watcher = host.As(People.SupervisorIn);
        await using var first = new LiveStream<QueueUpdate>(watcher.Supervisor.WatchQueues(new WatchQueuesRequest()), "the first stream");
        await using var second = new LiveStream<QueueUpdate>(watcher.Supervisor.WatchQueues(new WatchQueuesRequest()), "the second stream");
        await first.NextAsync(u => u.Snapshot is not null, "the first snapshot");
        await second.NextAsync(u => u.Snapshot is not null, "the second snapshot");

        using var third = watcher.Supervisor.WatchQueues(new WatchQueuesRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("at most 2 open at once", refused.Status.Detail, StringComparison.Ordinal);

        await using var other = new LiveStream<QueueUpdate>(host.As(People.SupervisorOut).Supervisor.WatchQueues(new WatchQueuesRequest()), "another supervisor's stream");
        await other.NextAsync(u => u.Snapshot is not null, "their snapshot");
    }

    private static async Task<Grpc.Core.Status> StatusOfAsync(CallInvoker invoker, Method<byte[], byte[]> call)
    {
        try
        {
            await invoker.AsyncUnaryCall(call, null, new CallOptions(), []).ResponseAsync;
            return Grpc.Core.Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
