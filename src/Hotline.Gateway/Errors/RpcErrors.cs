using System.Diagnostics.CodeAnalysis;
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

    [DoesNotReturn]
    public static void ThrowNotFound(string kind, string id) =>
        throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"{kind} '{id}' was not found"));

    /// <summary>PermissionDenied naming the field whose value is outside the caller's access.</summary>
    [DoesNotReturn]
    public static void ThrowPermissionDenied(string field) => throw FromDomain(new PermissionDeniedException(field));

    /// <summary>The status a domain failure maps to.</summary>
    public static RpcException FromDomain(HotlineException exception) => exception switch
    {
        InvalidFieldException invalid => InvalidArgument([(invalid.Field, invalid.Rule)]),
        NotFoundException notFound => new RpcException(new Grpc.Core.Status(StatusCode.NotFound, notFound.Message)),
        FailedPreconditionException failed => new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, failed.Reason)),
        PermissionDeniedException denied => new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, denied.Message)),
        _ => new RpcException(new Grpc.Core.Status(StatusCode.Internal, "internal error")),
    };
}
