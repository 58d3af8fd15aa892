using Hotline.Access;
using Hotline.Api.V1;

namespace Hotline.Gateway.Validation;

/// <summary>The rules of the admins' staff requests; every broken rule is named, and nothing changes.</summary>
public static class StaffRequestValidator
{
    public static void RevokeToken(RevokeTokenRequest r)
    {
        var v = new Violations();
        if (v.Text("token_id", r.TokenId, StaffTokenId.MaxLength) && !StaffTokenId.IsValid(r.TokenId))
        {
            v.Add("token_id", StaffTokenId.Rule);
        }

        v.ThrowIfAny();
    }

    public static void RevokeSubject(RevokeSubjectRequest r)
    {
        var v = new Violations();
        if (v.Text("subject", r.Subject, StaffSubject.MaxLength) && !StaffSubject.IsValid(r.Subject))
        {
            v.Add("subject", StaffSubject.Rule);
        }

        v.ThrowIfAny();
    }

    public static void ResponderAccess(ResponderAccessRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        v.ThrowIfAny();
    }
}
