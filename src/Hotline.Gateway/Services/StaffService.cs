using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Responders;
using Hotline.Gateway.Validation;
using Hotline.Staff;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Gateway.Services;

/// <summary>
/// Admins revoke tokens and disable responders; the change is durable in the cluster before
/// the answer, and this gateway applies it at once (the others within their refresh interval).
/// </summary>
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

    public override async Task<ResponderAccessResponse> DisableResponder(ResponderAccessRequest request, ServerCallContext context)
    {
        StaffRequestValidator.ResponderAccess(request);
        revocations.Update(await Grain().DisableResponder(request.ResponderId, context.Caller()));
        return await AccessOf(request.ResponderId);
    }

    public override async Task<ResponderAccessResponse> EnableResponder(ResponderAccessRequest request, ServerCallContext context)
    {
        StaffRequestValidator.ResponderAccess(request);
        revocations.Update(await Grain().EnableResponder(request.ResponderId, context.Caller()));
        return await AccessOf(request.ResponderId);
    }

    private async Task<ResponderAccessResponse> AccessOf(string responderId)
    {
        var responder = await grains.GetGrain<IResponderGrain>(responderId).Get();
        return new ResponderAccessResponse { ResponderId = responderId, DisabledAt = responder?.DisabledAt?.ToProto() };
    }

    private IRevocationGrain Grain() => grains.GetGrain<IRevocationGrain>(0);
}
