using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Errors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Hotline.Gateway.Errors;

/// <summary>The one place domain failures from grains become gRPC statuses.</summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
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

    /// <summary>The routing engine (a silo) could not be reached or did not answer in time: try again shortly.</summary>
    private static bool IsUnreachable(Exception exception) =>
        exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
        // Before a client-mode gateway has reached any silo it knows no grain types yet.
        || (exception is InvalidOperationException or ArgumentException or OrleansException && exception.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true);

    private static RpcException Unreachable() =>
        new(new Status(StatusCode.Unavailable, "the routing engine did not answer in time; the call may or may not have taken effect - read the contact or case, or retry (intake with the same request id)"));
}
