using Grpc.Core;
using Hotline.Access;
using Hotline.Gateway.Errors;

namespace Hotline.Gateway.Security;

/// <summary>The caller of a gRPC call, and the checks that need only the request.</summary>
public static class CallContextExtensions
{
    /// <summary>The verified caller; the authorization middleware has already refused anonymous calls.</summary>
    public static Caller Caller(this ServerCallContext context) => HotlineClaims.ToCaller(context.GetHttpContext().User);

    /// <summary>A responder acts only as the responder their token names.</summary>
    public static Caller RequireResponder(this ServerCallContext context, string responderId)
    {
        var caller = context.Caller();
        if (!caller.Is(Roles.Responder) || caller.ResponderId != responderId)
        {
            RpcErrors.ThrowPermissionDenied("responder_id");
        }

        return caller;
    }
}
