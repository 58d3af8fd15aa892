using System.Text.RegularExpressions;

namespace Hotline.Access;

/// <summary>
/// What a token's id (its <c>jti</c>) may be: the 32 hexadecimal characters the token command
/// prints, or an identity provider's id of letters, digits and . _ : - up to 128 characters.
/// One rule for the tokens let in and for revoking one, so every token let in can be revoked alone.
/// </summary>
public static partial class StaffTokenId
{
    public const int MaxLength = 128;

    public const string Rule = "must be a token's id: the 32 hexadecimal characters the token command printed, or an identity provider's jti (letters, digits and . _ : -, at most 128)";

    public static bool IsValid(string tokenId) => Pattern().IsMatch(tokenId);

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,128}\z")]
    private static partial Regex Pattern();
}
