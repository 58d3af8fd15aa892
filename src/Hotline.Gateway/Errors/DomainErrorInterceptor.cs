using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Errors;

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
    }
}
