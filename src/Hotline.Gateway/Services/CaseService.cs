using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cases;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Validation;

namespace Hotline.Gateway.Services;

/// <summary>Reads case files.</summary>
public sealed class CaseService(IGrainFactory grains, RequestValidator validate) : Api.V1.CaseService.CaseServiceBase
{
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        var id = validate.CaseId(request.CaseId);
        var snapshot = await grains.GetGrain<ICaseGrain>(id).Get();
        if (snapshot is null)
        {
            RpcErrors.ThrowNotFound("case", request.CaseId);
        }

        return ToProto(snapshot);
    }

    private static Case ToProto(CaseSnapshot c)
    {
        var result = new Case
        {
            CaseId = c.CaseId.ToString(),
            Status = c.Status.ToProto(),
            Region = c.Region,
            OwnerResponderId = c.OwnerResponderId ?? "",
            OpenedAt = c.OpenedAt.ToProto(),
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
        _ => "unknown",
    };
}
