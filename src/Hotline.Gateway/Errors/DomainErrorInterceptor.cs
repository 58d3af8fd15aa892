using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Errors;
using Orleans.Runtime;
using Orleans.Metadata;
using Orleans.Runtime.Messaging;

namespace Hotline.Gateway.Errors;

/// <summary>
/// The one place failures become gRPC statuses: domain failures from grains by their kind, and
/// the routing engine being out of reach (a silo gone, a cluster still forming) as UNAVAILABLE,
/// which clients retry. Classified by exception type only: an exception that crossed from a
/// silo carries no reliable source. A call that is safe to repeat is first retried here for a
/// while (<see cref="FailoverRetry"/>), so it rides through a silo's failover.
/// </summary>
public sealed class DomainErrorInterceptor(IServiceProvider services, FailoverRetry retry) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var giveUpAt = retry.GiveUpAt(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await continuation(request, context);
            }
            catch (HotlineException exception)
            {
                throw RpcErrors.FromDomain(exception);
            }
            catch (Exception exception) when (IsUnreachable(exception) || IsCancelledByTheCluster(exception, context))
            {
                if (!await retry.PauseBeforeRetryAsync(context, attempt, giveUpAt))
                {
                    throw Unreachable();
                }
            }
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (HotlineException exception)
        {
            throw RpcErrors.FromDomain(exception);
        }
        catch (Exception exception) when (IsUnreachable(exception))
        {
            throw Unreachable();
        }
    }

    /// <summary>
    /// The routing engine could not be reached, did not answer in time, or could not place or
    /// persist the grain while its cluster changes (Orleans' own exceptions): try again shortly.
    /// </summary>
    private bool IsUnreachable(Exception exception) =>
        exception is TimeoutException or OrleansException or ConnectionFailedException
        // Before a client-mode gateway has reached any silo it knows no grain classes: asking
        // for a grain fails with an argument error until the first silo's manifest arrives.
        || (exception is ArgumentException or InvalidOperationException && KnowsNoGrains());

    /// <summary>
    /// A grain call cancelled while the caller still waits: Orleans cancels what it had sent
    /// to a silo that was just declared dead (a directory lookup during placement, say).
    /// </summary>
    private static bool IsCancelledByTheCluster(Exception exception, ServerCallContext context) =>
        exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested;

    private bool KnowsNoGrains() =>
        services.GetService<IClusterManifestProvider>() is { } manifest && manifest.Current.AllGrainManifests.All(m => m.Grains.Count == 0);

    private static RpcException Unreachable() =>
        new(new Status(StatusCode.Unavailable, "the routing engine did not answer in time; the call may or may not have taken effect - read the contact or case, or retry (intake with the same request id)"));
}
