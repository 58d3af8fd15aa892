using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Gateway;

/// <summary>
/// Every unary RPC the protos declare (so a new one is covered without editing this test), with
/// each role's token and with none, is sent bytes that do not decode, a message cut short, an
/// empty message, and a message whose every text field is too long and made of a marker. No
/// answer is UNKNOWN, nothing is logged at error level, and the marker reaches no reply and no
/// log line: what a caller sent is never echoed.
/// </summary>
public sealed class ProtocolHygieneTests
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly string[] Verbose = ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Grpc=Trace", "--Logging:LogLevel:Orleans=Warning"];

    public static IEnumerable<MethodDescriptor> UnaryMethods() =>
        Hotline.Gateway.Services.ApiDescriptors.Services.SelectMany(service => service.Methods)
            .Where(method => !method.IsClientStreaming && !method.IsServerStreaming);

    [Fact]
    public async Task NoRequestIsAnsweredUnknownLoggedAsAnErrorOrEchoed()
    {
        var marker = $"CANARY{Guid.NewGuid():N}";
        var logs = new CapturedLogs();
        await using var host = await HotlineHost.StartAsync(null, null, b => CapturedLogs.AddVerbose(b, logs), Verbose);
        TokenClaims?[] identities = [null, People.OperatorIn, People.SupervisorIn, People.Admin, HotlineHost.ResponderClaims("r-hygiene")];
        var payloads = new (string Name, Func<MessageDescriptor, byte[]> Make, bool Undecodable)[]
        {
            ("bytes that do not decode", _ => [0xff], true),
            ("a message cut short", _ => [0x0a, 0x0a, 0x41], true),
            ("an empty message", _ => [], false),
            ("every text field too long", type => Oversized(type, marker), false),
        };

        var failures = new List<string>();
        var methods = UnaryMethods().ToList();
        foreach (var method in methods)
        {
            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
            foreach (var identity in identities)
            {
                var invoker = identity is null ? host.Channel.CreateCallInvoker() : host.Channel.Intercept(new BearerTokens(_ => host.Token(identity)));
                foreach (var (name, make, undecodable) in payloads)
                {
                    var status = await StatusOfAsync(invoker, call, make(method.InputType));
                    var said = $"{method.Service.Name}/{method.Name} as {identity?.Subject ?? "nobody"} with {name}: {status.StatusCode} \"{status.Detail}\"";
                    if (status.StatusCode is StatusCode.Unknown || status.Detail.Contains(marker, StringComparison.Ordinal)
                        || (undecodable && status.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unauthenticated or StatusCode.PermissionDenied)))
                    {
                        failures.Add(said);
                    }
                }
            }
        }

        Assert.True(methods.Count > 25, $"only {methods.Count} unary RPCs found");
        Assert.Empty(failures);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(marker, StringComparison.Ordinal));
    }

    /// <summary>The method's request with every text field, single or repeated, set to 3,000 characters of the marker.</summary>
    private static byte[] Oversized(MessageDescriptor type, string marker)
    {
        var message = (IMessage)Activator.CreateInstance(type.ClrType)!;
        var text = string.Concat(Enumerable.Repeat(marker, 3000 / marker.Length + 1))[..3000];
        foreach (var field in type.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.String))
        {
            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(text);
            }
            else
            {
                field.Accessor.SetValue(message, text);
            }
        }

        return message.ToByteArray();
    }

    private static async Task<Status> StatusOfAsync(CallInvoker invoker, Method<byte[], byte[]> method, byte[] payload)
    {
        try
        {
            await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), payload);
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
