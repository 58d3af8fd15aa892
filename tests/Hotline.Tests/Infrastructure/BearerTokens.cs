using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Api.V1;

namespace Hotline.Tests.Infrastructure;

/// <summary>Adds a bearer token to every call, chosen per request.</summary>
public sealed class BearerTokens(Func<object, string?> tokenFor) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (tokenFor(request) is not { } token)
        {
            return context;
        }

        var headers = context.Options.Headers ?? [];
        headers.Add("authorization", $"Bearer {token}");
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }

    /// <summary>
    /// The responder named by a responder's own request (presence, stream, offers), or null
    /// for any other request.
    /// </summary>
    public static string? ActingResponder(object request) => request switch
    {
        SetPresenceRequest r => r.ResponderId,
        WatchOffersRequest r => r.ResponderId,
        OfferActionRequest r => r.ResponderId,
        EndWrapUpRequest r => r.ResponderId,
        RecordOfflineContactRequest r => r.ResponderId,
        RecordCallBackOutcomeRequest r => r.ResponderId,
        _ => null,
    };
}

/// <summary>The four service clients over one channel, as one caller.</summary>
public sealed class HotlineClients(CallInvoker invoker)
{
    public IntakeService.IntakeServiceClient Intake { get; } = new(invoker);
    public ResponderService.ResponderServiceClient Responders { get; } = new(invoker);
    public CaseService.CaseServiceClient Cases { get; } = new(invoker);
    public SupervisorService.SupervisorServiceClient Supervisor { get; } = new(invoker);
    public StaffService.StaffServiceClient Staff { get; } = new(invoker);
}
