using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Gateway.Validation;
using Hotline.Staff;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Gateway.Services;

/// <summary>Admins revoke tokens; the revocation is durable in the cluster before the answer, and this gateway refuses the token at once.</summary>
[Authorize(Roles = HotlineClaims.Admin)]
public sealed class StaffService(IGrainFactory grains, RevocationCache revocations) : Api.V1.StaffService.StaffServiceBase
{
    public override async Task<RevokeResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context)
    {
        StaffRequestValidator.RevokeToken(request);
        var list = await Grain().RevokeToken(request.TokenId, context.Caller());
        revocations.Update(list);
        return new RevokeResponse { RevokedAt = Timestamp.FromDateTimeOffset(list.Tokens[request.TokenId]) };
    }

    public override async Task<RevokeResponse> RevokeSubject(RevokeSubjectRequest request, ServerCallContext context)
    {
        StaffRequestValidator.RevokeSubject(request);
        var list = await Grain().RevokeSubject(request.Subject, context.Caller());
        revocations.Update(list);
        return new RevokeResponse { RevokedAt = Timestamp.FromDateTimeOffset(list.Subjects[request.Subject]) };
    }

    private IRevocationGrain Grain() => grains.GetGrain<IRevocationGrain>(0);
}
