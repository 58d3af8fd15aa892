using System.Text.RegularExpressions;

namespace Hotline.Access;

/// <summary>
/// What a token subject may be: a login of letters, digits and . _ @ -, up to 128 characters.
/// One rule for minting tokens and for revoking them, so every subject a token is made for can be revoked.
/// </summary>
public static partial class StaffSubject
{
    public const int MaxLength = 128;

    public const string Rule = "may contain only letters, digits and . _ @ - (at most 128)";

    public static bool IsValid(string subject) => Pattern().IsMatch(subject);

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,128}\z")]
    private static partial Regex Pattern();
}
