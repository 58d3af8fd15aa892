using Hotline.Access;

namespace Hotline.Staff;

/// <summary>
/// The hotline's one list of revoked tokens (key 0), kept in the cluster's storage: every
/// gateway reads it, so a token revoked through one is refused by all.
/// </summary>
public interface IRevocationGrain : IGrainWithIntegerKey
{
    /// <summary>The list as it stands.</summary>
    Task<RevocationList> Get();

    /// <summary>Revokes the token with id <paramref name="tokenId"/> (its <c>jti</c>); admins only. Durable before it returns.</summary>
    Task<RevocationList> RevokeToken(string tokenId, Caller by);

    /// <summary>Revokes every token of <paramref name="subject"/> issued until now; admins only. Durable before it returns.</summary>
    Task<RevocationList> RevokeSubject(string subject, Caller by);

    /// <summary>
    /// Offboards responder <paramref name="responderId"/>; admins only: every token naming them
    /// is refused, then the responder is disabled (streams end, the open offer goes back). A
    /// repeat finishes what a failed one began.
    /// </summary>
    Task<RevocationList> DisableResponder(string responderId, Caller by);

    /// <summary>Enables a disabled responder again, then stops refusing their tokens; admins only.</summary>
    Task<RevocationList> EnableResponder(string responderId, Caller by);
}
