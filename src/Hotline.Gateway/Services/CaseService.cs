using Grpc.Core;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Security;
using Hotline.Gateway.Validation;
using Hotline.Partners;
using Hotline.Ports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using static Hotline.Gateway.Services.CaseMapping;

namespace Hotline.Gateway.Services;

/// <summary>Case files: reading and listing them, the work on them, their audit, and erasure on request.</summary>
public sealed class CaseService(
    IGrainFactory grains,
    RequestValidator validate,
    CaseRequestValidator validateCase,
    PartnerDirectory partners,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IOptions<AccessOptions> access) : Api.V1.CaseService.CaseServiceBase
{
    private const string Staff = $"{HotlineClaims.Operator},{HotlineClaims.Responder},{HotlineClaims.Supervisor}";
    private const string Workers = $"{HotlineClaims.Responder},{HotlineClaims.Supervisor}";

    [Authorize(Roles = Staff)]
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context) =>
        ToProto(await Grain(request.CaseId).Read(context.Caller()));

    [Authorize(Roles = Staff)]
    public override async Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        var events = await Grain(request.CaseId).ReadHistory(context.Caller());
        var response = new GetHistoryResponse();
        response.Events.AddRange(events.Select(ToProto));
        return response;
    }

    [Authorize(Roles = Staff)]
    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var filter = validateCase.ListCases(request);
        var caller = context.Caller();
        var now = clock.GetUtcNow();
        var scope = AccessPolicy.ListCases(caller, filter.Regions.Count > 0 ? filter.Regions : null, filter.Owner, access.Value, now);
        var query = new CaseQuery(scope.Regions, filter.Statuses, scope.Owner, scope.OpenedBy, request.FollowUpsDue ? now : null, filter.After, filter.PageSize)
        {
            RetentionReview = request.RetentionReview,
            OpenedSince = scope.OpenedSince,
        };
        var page = await grains.GetGrain<ICaseListingGrain>(0).List(query, caller, scope.Role);
        var response = new ListCasesResponse { NextPageToken = page.Next is { } next ? CaseRequestValidator.Token(next) : "" };
        response.Cases.AddRange(page.Cases.Select(ToProto));
        return response;
    }

    [Authorize(Roles = Staff)]
    public override async Task<Api.V1.CaseNote> AddNote(AddNoteRequest request, ServerCallContext context)
    {
        var (caseId, corrects) = validateCase.AddNote(request);
        return ToProto(await grains.GetGrain<ICaseGrain>(caseId).AddNote(request.Text, corrects, context.Caller()));
    }

    [Authorize(Roles = Workers)]
    public override async Task<Case> UpdateCaseFacts(UpdateCaseFactsRequest request, ServerCallContext context)
    {
        var caseId = validateCase.UpdateFacts(request);
        return ToProto(await grains.GetGrain<ICaseGrain>(caseId).UpdateFacts(ToDomain(request), context.Caller()));
    }

    [Authorize(Roles = Workers)]
    public override async Task<Api.V1.Referral> Refer(ReferRequest request, ServerCallContext context)
    {
        var (caseId, partner) = validateCase.Refer(request);
        var referral = new ReferralRequest(request.Service.ToDomain(), partner.Id, partner.Outside,
            request.OverrideReason.Length > 0 ? request.OverrideReason : null, [.. partner.Regions]);
        return ToProto(await grains.GetGrain<ICaseGrain>(caseId).Refer(referral, context.Caller()));
    }

    [Authorize(Roles = Workers)]
    public override async Task<Api.V1.Referral> UpdateReferral(UpdateReferralRequest request, ServerCallContext context)
    {
        var (caseId, referralId) = validateCase.UpdateReferral(request);
        return ToProto(await grains.GetGrain<ICaseGrain>(caseId).UpdateReferral(referralId, request.Status.ToDomain(), context.Caller()));
    }

    [Authorize(Roles = Workers)]
    public override async Task<TransferResponse> Transfer(TransferRequest request, ServerCallContext context)
    {
        var (caseId, region) = validateCase.Transfer(request);
        var target = new TransferTarget(request.ToResponderId.Length > 0 ? request.ToResponderId : null, region);
        var id = await grains.GetGrain<ICaseGrain>(caseId).Transfer(target, request.Reason, context.Caller());
        return new TransferResponse { TransferId = id.ToString() };
    }

    [Authorize(Roles = Workers)]
    public override async Task<Api.V1.FollowUp> ScheduleFollowUp(ScheduleFollowUpRequest request, ServerCallContext context)
    {
        var (caseId, referralId) = validateCase.ScheduleFollowUp(request);
        var followUp = new FollowUpRequest(request.Kind.ToDomain(), request.DueAt.ToDateTimeOffset(), referralId, request.Note);
        return ToProto(await grains.GetGrain<ICaseGrain>(caseId).ScheduleFollowUp(followUp, context.Caller()));
    }

    [Authorize(Roles = Workers)]
    public override async Task<Case> ClearNotSafe(ClearNotSafeRequest request, ServerCallContext context) =>
        ToProto(await Grain(request.CaseId).ClearNotSafe(context.Caller()));

    [Authorize(Roles = Workers)]
    public override async Task<Case> Close(CloseCaseRequest request, ServerCallContext context) =>
        ToProto(await Grain(request.CaseId).Close(context.Caller()));

    [Authorize(Roles = Workers)]
    public override async Task<Case> Reopen(ReopenCaseRequest request, ServerCallContext context) =>
        ToProto(await Grain(request.CaseId).Reopen(context.Caller()));

    [Authorize(Roles = $"{Staff},{HotlineClaims.Admin}")]
    public override Task<ListPartnersResponse> ListPartners(ListPartnersRequest request, ServerCallContext context)
    {
        validateCase.ListPartners(request);
        var found = partners.For(request.Region.Length > 0 ? request.Region : null,
            request.Service == Api.V1.ServiceType.Unspecified ? null : request.Service.ToDomain());
        var response = new ListPartnersResponse();
        response.Partners.AddRange(found.Select(ToProto));
        return Task.FromResult(response);
    }

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

    [Authorize(Roles = HotlineClaims.Admin)]
    public override async Task<EraseCallerResponse> EraseCaller(EraseCallerRequest request, ServerCallContext context)
    {
        validate.CallerReference(request.CallerReference);
        var found = await grains.GetGrain<ICallerErasureGrain>(0).Erase(new CallerReference(request.CallerReference), context.Caller());
        var response = new EraseCallerResponse();
        response.Cases.AddRange(found.Select(c => new CallerCaseErasure
        {
            CaseId = c.CaseId.ToString(), Region = c.Region, ErasedAt = c.ErasedAt.ToProto(), Refused = c.Refused ?? "",
        }));
        return response;
    }

    private ICaseGrain Grain(string caseId) => grains.GetGrain<ICaseGrain>(validate.CaseId(caseId));
}
