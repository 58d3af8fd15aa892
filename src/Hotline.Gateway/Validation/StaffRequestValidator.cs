using System.Text.RegularExpressions;
using Hotline.Api.V1;

namespace Hotline.Gateway.Validation;

/// <summary>The rules of the admins' staff requests; every broken rule is named, and nothing changes.</summary>
public static partial class StaffRequestValidator
{
    public static void RevokeToken(RevokeTokenRequest r)
    {
        var v = new Violations();
        if (v.Text("token_id", r.TokenId, 32) && !TokenIdPattern().IsMatch(r.TokenId))
        {
            v.Add("token_id", "must be the 32 hexadecimal characters the token command printed");
        }

        v.ThrowIfAny();
    }

    public static void RevokeSubject(RevokeSubjectRequest r)
    {
        var v = new Violations();
        if (v.Text("subject", r.Subject, 128) && !SubjectPattern().IsMatch(r.Subject))
        {
            v.Add("subject", "may contain only letters, digits and . _ @ -");
        }

        v.ThrowIfAny();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,128}$")]
    private static partial Regex SubjectPattern();
}
