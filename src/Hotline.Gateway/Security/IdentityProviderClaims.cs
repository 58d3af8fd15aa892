using System.Security.Claims;
using System.Text.Json;
using Hotline.Access;
using Hotline.Gateway.Validation;
using Hotline.Topology;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>
/// A token the identity provider signed, for this audience and unexpired, that does not say what
/// the hotline needs (a claim missing, a role or region the hotline does not know). The message
/// names the claim and the rule, never what the token holds.
/// </summary>
public sealed class TokenClaimsRefusedException(string message) : SecurityTokenException(message);

/// <summary>The identity provider's keys could not be read, so no token of it can be checked.</summary>
public sealed class IdentityProviderUnreachableException(Exception inner) : SecurityTokenException("the identity provider's keys could not be read", inner);

/// <summary>
/// Turns a verified identity-provider token into the hotline's own claims (<see cref="HotlineClaims"/>),
/// so the rest of the gateway (roles, <see cref="Caller"/>, limits, revocation) reads it like one
/// the hotline signed. Whatever does not fit is refused whole.
/// </summary>
public static class IdentityProviderClaims
{
    /// <summary>The hotline's claims for <paramref name="token"/>, or a <see cref="TokenClaimsRefusedException"/>.</summary>
    public static ClaimsIdentity Map(JsonWebToken token, IdentityProviderClaimNames names, RegionTopology topology, string authenticationType)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var root = payload.RootElement;

        var subject = Single(root, names.Subject) ?? throw Missing(names.Subject, "who the caller is");
        if (!StaffSubject.IsValid(subject))
        {
            throw Refused($"claim '{names.Subject}' (the subject) {StaffSubject.Rule}");
        }

        var tokenId = Single(root, HotlineClaims.TokenId) ?? throw Missing(HotlineClaims.TokenId, "the token's id, by which it is revoked");
        if (!StaffTokenId.IsValid(tokenId))
        {
            throw Refused($"claim '{HotlineClaims.TokenId}' {StaffTokenId.Rule}");
        }

        var issued = root.TryGetProperty(HotlineClaims.IssuedAt, out var iat) && iat.TryGetInt64(out var seconds)
            ? seconds
            : throw Missing(HotlineClaims.IssuedAt, "when the token was issued, by which a subject's tokens are revoked");
        // A revocation is kept as long as the longest hotline token lives; a longer-lived token would outlive it.
        if (token.ValidTo - DateTimeOffset.FromUnixTimeSeconds(issued).UtcDateTime > RevocationList.LongestTokenLife)
        {
            throw Refused($"the token lives longer than {RevocationList.LongestTokenLife.TotalHours:0} hours, the longest a revocation is kept");
        }

        var roles = Roles(Many(root, names.Roles), names);
        var regions = Many(root, names.Regions);
        if (regions.Any(r => r != Caller.AllRegions && !topology.RegionCodes.Contains(r)))
        {
            throw Refused($"claim '{names.Regions}' names a region that is neither '*' nor one of the hotline's region codes");
        }

        if (regions.Length == 0 && (roles.Contains(HotlineClaims.Operator) || roles.Contains(HotlineClaims.Supervisor)))
        {
            throw Missing(names.Regions, "the regions an operator or supervisor covers");
        }

        var responder = Single(root, names.ResponderId);
        if (responder is null && roles.Contains(HotlineClaims.Responder))
        {
            throw Missing(names.ResponderId, "the responder a responder's token acts as");
        }

        if (responder is not null && !Violations.IsResponderId(responder))
        {
            throw Refused($"claim '{names.ResponderId}' is not a responder id (lower-case letters, digits, '.', '_' or '-')");
        }

        List<Claim> claims =
        [
            new(HotlineClaims.Subject, subject),
            new(HotlineClaims.TokenId, tokenId),
            new(HotlineClaims.IssuedAt, issued.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            .. roles.Select(r => new Claim(HotlineClaims.Role, r)),
            .. regions.Distinct(StringComparer.Ordinal).Select(r => new Claim(HotlineClaims.Region, r)),
        ];
        if (responder is not null)
        {
            claims.Add(new Claim(HotlineClaims.ResponderId, responder));
        }

        return new ClaimsIdentity(claims, authenticationType, HotlineClaims.Subject, HotlineClaims.Role);
    }

    /// <summary>The hotline roles among the provider's: those with the prefix, which must each be a hotline role.</summary>
    private static string[] Roles(string[] values, IdentityProviderClaimNames names)
    {
        var ours = values.Where(v => v.StartsWith(names.RolePrefix, StringComparison.Ordinal)).Select(v => v[names.RolePrefix.Length..]).ToArray();
        if (ours.Any(r => !HotlineClaims.RoleNames.ContainsKey(r)))
        {
            throw Refused($"claim '{names.Roles}' names a role '{names.RolePrefix}...' that is not one of operator, responder, supervisor, admin");
        }

        return ours.Length > 0 ? [.. ours.Distinct(StringComparer.Ordinal)] : throw Missing(names.Roles, $"a hotline role ({names.RolePrefix}operator, -responder, -supervisor or -admin)");
    }

    /// <summary>A claim by its name, or by a path of dots into an object claim when no claim has that name.</summary>
    private static JsonElement? Find(JsonElement payload, string name)
    {
        if (payload.TryGetProperty(name, out var whole))
        {
            return whole;
        }

        var at = payload;
        foreach (var part in name.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(part, out at))
            {
                return null;
            }
        }

        return at;
    }

    private static string? Single(JsonElement payload, string name) => Find(payload, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString() is { Length: > 0 } text ? text : null,
        _ => throw Refused($"claim '{name}' must be a string"),
    };

    /// <summary>A claim of one string or a list of strings; absent is none.</summary>
    private static string[] Many(JsonElement payload, string name) => Find(payload, name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.String } value => [value.GetString()!],
        { ValueKind: JsonValueKind.Array } list when list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. list.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw Refused($"claim '{name}' must be a string or a list of strings"),
    };

    private static TokenClaimsRefusedException Missing(string claim, string what) => Refused($"the token has no claim '{claim}' ({what})");

    private static TokenClaimsRefusedException Refused(string why) => new($"the identity provider's token does not fit the hotline: {why}");
}
