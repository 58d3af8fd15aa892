using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>
/// Refusals made before a call reaches its service (no token, a bad one, a role not allowed,
/// too much intake) as gRPC statuses in a trailers-only response, with a message a person can act
/// on, rather than a bare HTTP 401 or 403 a gRPC client can only report as "bad response".
/// Plain HTTP requests (health, metrics, the dashboard) keep their HTTP statuses.
/// </summary>
public static class GrpcRefusals
{
    public const string NoToken = "no token: send the header 'authorization: Bearer <token>' (the gateway's token command makes one)";

    /// <summary>Writes a trailers-only gRPC response with <paramref name="status"/>.</summary>
    public static void Write(HttpResponse response, StatusCode status, string message, byte[]? details = null)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncoded(message);
        if (details is not null)
        {
            // A google.rpc.Status, as gRPC clients read rich error details.
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(details).TrimEnd('=');
        }
    }

    /// <summary>As the gRPC protocol wants grpc-message: printable ASCII as is, '%' and the rest as %XX of their UTF-8 bytes.</summary>
    private static string PercentEncoded(string message)
    {
        var text = new System.Text.StringBuilder(message.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(message))
        {
            text.Append(b is >= 0x20 and <= 0x7E and not (byte)'%' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return text.ToString();
    }

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>UNAUTHENTICATED, saying what is wrong with the token (never what it holds).</summary>
    public static Task Challenge(JwtBearerChallengeContext context)
    {
        if (!IsGrpc(context.Request))
        {
            return Task.CompletedTask;
        }

        context.HandleResponse();
        // Not the caller's fault: a client retries UNAVAILABLE, and nothing is let through meanwhile.
        var status = context.AuthenticateFailure is RevocationsUnknownException or IdentityProviderUnreachableException ? StatusCode.Unavailable : StatusCode.Unauthenticated;
        Write(context.Response, status, WhyRefused(context.AuthenticateFailure, context.Request.Headers.Authorization.Count > 0));
        return Task.CompletedTask;
    }

    /// <summary>PERMISSION_DENIED, naming the caller's role and the method.</summary>
    public static Task Forbidden(ForbiddenContext context)
    {
        if (!IsGrpc(context.Request))
        {
            return Task.CompletedTask;
        }

        var roles = context.HttpContext.User.FindAll(HotlineClaims.Role).Select(c => c.Value).ToArray();
        var role = roles.Length == 0 ? "none" : string.Join(", ", roles);
        Write(context.Response, StatusCode.PermissionDenied, $"your role ({role}) may not call {context.Request.Path.Value?.TrimStart('/')}");
        return Task.CompletedTask;
    }

    public static string WhyRefused(Exception? failure, bool sentOne) => failure switch
    {
        null when !sentOne => NoToken,
        null => "the authorization header must be 'Bearer <token>'",
        SecurityTokenExpiredException => "the token has expired: get a new one",
        SecurityTokenNotYetValidException => "the token is not valid yet (check this machine's clock)",
        SecurityTokenInvalidAudienceException or SecurityTokenInvalidIssuerException => "the token is for another hotline (its issuer or audience is not this one's)",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token was not signed by this hotline's token key (nor by its identity provider's keys)",
        TokenRevokedException => "the token was revoked: ask an administrator for a new one",
        RevocationsUnknownException => "the hotline cannot check tokens right now (the cluster is out of reach); retry shortly",
        IdentityProviderUnreachableException => "the hotline cannot check the identity provider's tokens right now (its keys are out of reach); retry shortly",
        TokenClaimsRefusedException refused => refused.Message,
        SecurityTokenInvalidAlgorithmException => "the token is signed with an algorithm this hotline does not accept (ES256; RS256 too from its identity provider)",
        _ => "the token could not be read",
    };
}
