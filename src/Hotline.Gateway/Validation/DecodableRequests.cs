using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using Google.Protobuf;
using Grpc.Core;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Hotline.Gateway.Validation;

/// <summary>
/// A request body that is not the method's message (bytes that do not decode, a message cut
/// short) is a caller's mistake: answered INVALID_ARGUMENT naming the message type, with nothing
/// logged above debug. gRPC itself would decode it inside the call, and report a failure there as
/// UNKNOWN with an error-level stack trace. Runs after the token checks, so only signed-in
/// callers' bodies are read; compressed messages are left to gRPC.
/// </summary>
public sealed partial class DecodableRequests(RequestDelegate next, ILogger<DecodableRequests> logger)
{
    private const int FrameHeader = 5;

    private static readonly FrozenDictionary<string, (MessageParser Parser, string Type)> Inputs = Services.ApiDescriptors.Services
        .SelectMany(service => service.Methods.Select(method => (Services.ApiDescriptors.PathOf(method), (method.InputType.Parser, method.InputType.FullName))))
        .ToFrozenDictionary(m => m.Item1, m => m.Item2, StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!GrpcRefusals.IsGrpc(context.Request) || !Inputs.TryGetValue(context.Request.Path.Value ?? "", out var input))
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        if (body is null)
        {
            // Longer than any message may be: gRPC refuses it from its length prefix.
            await next(context);
            return;
        }

        if (Refusal(body, input) is { } why)
        {
            LogUndecodable(logger, context.Request.Path.Value!);
            GrpcRefusals.Write(context.Response, StatusCode.InvalidArgument, why);
            return;
        }

        // gRPC reads the same bytes again.
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));
        await next(context);
    }

    /// <summary>Why the body is not one message of the method's type, or null when it is (or cannot be told here).</summary>
    private static string? Refusal(byte[] body, (MessageParser Parser, string Type) input)
    {
        if (body.Length < FrameHeader)
        {
            return $"the request is not a {input.Type} message: the body is shorter than a gRPC message frame";
        }

        var compressed = body[0] != 0;
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length != body.Length - FrameHeader)
        {
            return $"the request is not a {input.Type} message: its frame says {length} bytes and {body.Length - FrameHeader} follow";
        }

        if (compressed)
        {
            return null;
        }

        try
        {
            input.Parser.ParseFrom(body, FrameHeader, (int)length);
            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return $"the request is not a {input.Type} message: its bytes do not decode";
        }
    }

    /// <summary>The whole body, or null when it is longer than a message may be.</summary>
    private static async Task<byte[]?> ReadBodyAsync(System.IO.Pipelines.PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > HotlineGateway.MaxRequestBytes + FrameHeader)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request to {Method} whose body is not its message")]
    private static partial void LogUndecodable(ILogger logger, string method);
}
