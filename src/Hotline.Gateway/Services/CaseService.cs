using Grpc.Core;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Gateway.Security;
using Hotline.Gateway.Validation;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Gateway.Services;

/// <summary>Case files: reading them, their audit, and erasure on request.</summary>
public sealed class CaseService(IGrainFactory grains, RequestValidator validate) : Api.V1.CaseService.CaseServiceBase
{
    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Responder},{HotlineClaims.Supervisor}")]
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context) =>
        ToProto(await Grain(request.CaseId).Read(context.Caller()));

    [Authorize(Roles = $"{HotlineClaims.Supervisor},{HotlineClaims.Admin}")]
    public override async Task<GetCaseAuditResponse> GetCaseAudit(GetCaseAuditRequest request, ServerCallContext context)
    {
        var entries = await Grain(request.CaseId).ReadAudit(context.Caller());
        var response = new GetCaseAuditResponse();
        response.Records.AddRange(entries.Select(ToProto));
        return response;
    }

    [Authorize(Roles = HotlineClaims.Admin)]
    public override async Task<EraseCaseResponse> EraseCase(EraseCaseRequest request, ServerCallContext context)
    {
        var erasedAt = await Grain(request.CaseId).Erase(context.Caller(), endedBefore: null);
        return new EraseCaseResponse { ErasedAt = erasedAt.ToProto() };
    }

    private ICaseGrain Grain(string caseId) => grains.GetGrain<ICaseGrain>(validate.CaseId(caseId));

    private static AuditRecord ToProto(AuditEntry e) => new()
    {
        At = e.At.ToProto(),
        Actor = e.Actor,
        Role = e.Role,
        Action = e.Action,
        ContactId = e.ContactId?.ToString() ?? "",
    };

    private static Case ToProto(CaseSnapshot c)
    {
        var result = new Case
        {
            CaseId = c.CaseId.ToString(),
            Status = c.Status.ToProto(),
            Region = c.Region,
            OwnerResponderId = c.OwnerResponderId ?? "",
            OpenedAt = c.OpenedAt.ToProto(),
            ErasedAt = c.ErasedAt.ToProto(),
        };
        result.ContactIds.AddRange(c.Contacts.Select(x => x.ToString()));
        result.History.AddRange(c.History.Select(e => new Api.V1.CaseEvent
        {
            At = e.At.ToProto(),
            Kind = KindName(e.Kind),
            ContactId = e.ContactId?.ToString() ?? "",
            Actor = e.Actor ?? "",
        }));
        return result;
    }

    private static string KindName(CaseEventKind kind) => kind switch
    {
        CaseEventKind.Opened => "opened",
        CaseEventKind.ContactLinked => "contact_linked",
        CaseEventKind.Assigned => "assigned",
        CaseEventKind.ContactCompleted => "contact_completed",
        CaseEventKind.ContactEnded => "contact_ended",
        CaseEventKind.ContactAbandoned => "contact_abandoned",
        CaseEventKind.PersonalDataErased => "personal_data_erased",
        _ => "unknown",
    };
}
