using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Hotline.Api.V1;
using Spectre.Console;

namespace Hotline.Cli;

/// <summary>One invocation: the channel to the hotline with the caller's token, the clients, and how to print.</summary>
public sealed class CliSession : IDisposable
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private readonly GrpcChannel _channel;

    public CliSession(Uri address, string? token, bool json, CliEnvironment environment)
    {
        Environment = environment;
        Json = json;
        _channel = GrpcChannel.ForAddress(address);
        var invoker = _channel.Intercept(new TokenHeader(token));
        Intake = new IntakeService.IntakeServiceClient(invoker);
        Responders = new ResponderService.ResponderServiceClient(invoker);
        Cases = new CaseService.CaseServiceClient(invoker);
        Supervisor = new SupervisorService.SupervisorServiceClient(invoker);
        Staff = new StaffService.StaffServiceClient(invoker);
    }

    public CliEnvironment Environment { get; }

    public IAnsiConsole Console => Environment.Console;

    public bool Json { get; }

    public IntakeService.IntakeServiceClient Intake { get; }

    public ResponderService.ResponderServiceClient Responders { get; }

    public CaseService.CaseServiceClient Cases { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    public StaffService.StaffServiceClient Staff { get; }

    /// <summary>The message as one line of JSON with <c>--json</c>, else as <paramref name="render"/> draws it.</summary>
    public void Show(IMessage message, Action<IAnsiConsole> render)
    {
        if (Json)
        {
            WriteJson(message);
        }
        else
        {
            render(Console);
        }
    }

    public void WriteJson(IMessage message)
    {
        Environment.Out.WriteLine(Formatter.Format(message));
        Environment.Out.Flush();
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>Sends the bearer token with every call.</summary>
    private sealed class TokenHeader(string? token) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, With(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, With(context));

        private ClientInterceptorContext<TRequest, TResponse> With<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class
        {
            if (string.IsNullOrEmpty(token))
            {
                return context;
            }

            var headers = context.Options.Headers ?? [];
            headers.Add("authorization", $"Bearer {token}");
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
    }
}
