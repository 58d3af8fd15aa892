using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Hotline.Errors;

namespace Hotline.Gateway.Errors;

/// <summary>Builds the gRPC errors the API promises: a status code and a message naming field and rule.</summary>
public static class RpcErrors
{
    /// <summary>InvalidArgument with a google.rpc.BadRequest listing every violation.</summary>
    public static RpcException InvalidArgument(IReadOnlyCollection<(string Field, string Rule)> violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, rule) in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = rule });
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Rule}")),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>PermissionDenied naming the API field whose value is outside the caller's access.</summary>
    [DoesNotReturn]
    public static void ThrowPermissionDenied(string field) =>
        throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, $"{field}: not within your access"));

    /// <summary>The status a domain failure maps to, its field named as the API names it.</summary>
    public static RpcException FromDomain(HotlineException exception) => exception switch
    {
        InvalidFieldException invalid => InvalidArgument([(WireName(invalid.Field), invalid.Rule)]),
        NotFoundException notFound => new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"{notFound.Kind} was not found")),
        FailedPreconditionException { Field: { } field } failed =>
            new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, $"{WireName(field)}: {failed.Reason}")),
        FailedPreconditionException failed => new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, failed.Reason)),
        ResourceExhaustedException exhausted => new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, $"{WireName(exhausted.Field)}: {exhausted.Rule}")),
        PermissionDeniedException denied => new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, $"{WireName(denied.Field)}: {denied.Rule ?? PermissionDeniedException.NotWithinAccess}")),
        _ => new RpcException(new Grpc.Core.Status(StatusCode.Internal, "internal error")),
    };

    /// <summary>
    /// A domain field (<c>ToResponderId</c>, <c>Consents.ContactBack</c>) as the API spells it
    /// (<c>to_responder_id</c>, <c>consents.contact_back</c>): the API's messages and the
    /// domain's commands name their fields alike, in their own case.
    /// </summary>
    public static string WireName(string field) =>
        string.Join('.', field.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}
