using System.Security.Claims;
using Hotline.Access;

namespace Hotline.Gateway.Security;

/// <summary>The claims a hotline token carries, and the caller they make.</summary>
public static class HotlineClaims
{
    /// <summary>Who: a staff member's login, or a responder's id.</summary>
    public const string Subject = "sub";

    /// <summary>One per role: operator, responder, supervisor, admin.</summary>
    public const string Role = "role";

    /// <summary>One per region covered (operators and supervisors); "*" covers every region.</summary>
    public const string Region = "region";

    /// <summary>The responder a responder's token acts as.</summary>
    public const string ResponderId = "responder_id";

    /// <summary>The token's own id, by which one token is revoked.</summary>
    public const string TokenId = "jti";

    /// <summary>When the token was issued (seconds since 1970), by which a subject's tokens are revoked.</summary>
    public const string IssuedAt = "iat";

    public const string Operator = "operator";
    public const string Responder = "responder";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly IReadOnlyDictionary<string, Roles> RoleNames = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        [Operator] = Roles.Operator,
        [Responder] = Roles.Responder,
        [Supervisor] = Roles.Supervisor,
        [Admin] = Roles.Admin,
    };

    /// <summary>The caller a verified token describes.</summary>
    public static Caller ToCaller(ClaimsPrincipal user)
    {
        var roles = Roles.None;
        foreach (var claim in user.FindAll(Role))
        {
            roles |= RoleNames.GetValueOrDefault(claim.Value);
        }

        return new Caller(
            user.FindFirst(Subject)?.Value ?? "",
            roles,
            [.. user.FindAll(Region).Select(c => c.Value).Distinct(StringComparer.Ordinal)],
            user.FindFirst(ResponderId)?.Value);
    }
}
