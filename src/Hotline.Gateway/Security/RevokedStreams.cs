using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Hotline.Gateway.Security;

/// <summary>
/// A live stream opened before its token was revoked ends at its next message, before that
/// message is sent: nothing (an offer's summary least of all) reaches a revoked token, however
/// long its stream has been open. The token is checked against this gateway's copy of the list.
/// </summary>
public sealed class RevokedStreams(RevocationCache revocations) : Interceptor
{
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(request, new Checked<TResponse>(responseStream, context, revocations), context);

    private sealed class Checked<T>(IServerStreamWriter<T> inner, ServerCallContext context, RevocationCache revocations) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            if (revocations.Refuses(context.GetHttpContext().User))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "the token was revoked: ask an administrator for a new one"));
            }

            await inner.WriteAsync(message, cancellationToken);
        }
    }
}
