using Grpc.Core;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Security;
using Hotline.Gateway.Validation;
using Hotline.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Hotline.Routing;

namespace Hotline.Gateway.Services;

/// <summary>Operators' intake: open, read, abandon and end contacts.</summary>
public sealed class IntakeService(IGrainFactory grains, RequestValidator validate, IOptionsMonitor<RoutingOptions> routing) : Api.V1.IntakeService.IntakeServiceBase
{
    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Supervisor}")]
    [EnableRateLimiting(CallLimits.IntakePolicy)]
    public override async Task<Contact> OpenContact(OpenContactRequest request, ServerCallContext context)
    {
        var region = validate.OpenContact(request);
        var caller = context.Caller();
        if (AccessPolicy.Intake(caller, region.Code) == Roles.None)
        {
            RpcErrors.ThrowPermissionDenied("location");
        }

        var command = new OpenContactCommand(
            request.RequestId,
            request.Channel.ToDomain(),
            request.Language,
            request.Location,
            region.Code,
            [.. request.RequiredSkills],
            request.Urgency.ToDomain(),
            request.CaseId.Length > 0 ? Guid.Parse(request.CaseId) : null,
            request.Summary,
            request.CallerName,
            request.Callback,
            // Hashed on the silo, which alone holds the caller-hash key; the link is mutual TLS.
            request.CallerReference.Length > 0 ? request.CallerReference : null);
        // Request ids are the operator's own: two operators reusing one never meet.
        var contactId = HotlineIds.ContactFromRequest(caller.Subject, request.RequestId);
        return ToProto(await grains.GetGrain<IContactGrain>(contactId).Open(command, caller));
    }

    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Responder},{HotlineClaims.Supervisor}")]
    public override async Task<Contact> GetContact(GetContactRequest request, ServerCallContext context) =>
        ToProto(await Grain(validate.ContactId(request.ContactId)).Read(context.Caller()));

    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Supervisor}")]
    public override async Task<Contact> AbandonContact(AbandonContactRequest request, ServerCallContext context) =>
        ToProto(await Grain(validate.ContactId(request.ContactId)).Abandon(context.Caller()));

    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Supervisor}")]
    public override async Task<Contact> RequestCallBack(RequestCallBackRequest request, ServerCallContext context) =>
        ToProto(await Grain(validate.ContactId(request.ContactId)).RequestCallBack(context.Caller()));

    [Authorize(Roles = $"{HotlineClaims.Operator},{HotlineClaims.Supervisor}")]
    public override async Task<Contact> EndContact(EndContactRequest request, ServerCallContext context)
    {
        var contact = Grain(validate.ContactId(request.ContactId));
        if (request.CallerNotSafe)
        {
            // Marked before the contact ends, so no follow-up is offered in between.
            await contact.MarkNotSafe(context.Caller());
        }

        return ToProto(await contact.End(context.Caller()));
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<Contact> RecordOfflineContact(RecordOfflineContactRequest request, ServerCallContext context)
    {
        var region = validate.RecordOfflineContact(request);
        var caller = context.RequireResponder(request.ResponderId);
        var command = new OfflineContactCommand(
            request.RequestId,
            request.Channel.ToDomain(),
            request.Language,
            request.Location,
            region.Code,
            [.. request.RequiredSkills],
            request.Urgency == Api.V1.Urgency.Unspecified ? Hotline.Domain.Urgency.Normal : request.Urgency.ToDomain(),
            request.CaseId.Length > 0 ? Guid.Parse(request.CaseId) : null,
            request.Summary,
            request.CallerName,
            request.StartedAt.ToDateTimeOffset(),
            request.EndedAt.ToDateTimeOffset());
        return ToProto(await grains.GetGrain<IContactGrain>(OfflineContact.IdFor(request.ResponderId, request.RequestId)).RecordOffline(command, caller));
    }

    private IContactGrain Grain(Guid contactId) => grains.GetGrain<IContactGrain>(contactId);

    private Contact ToProto(ContactSnapshot c)
    {
        var contact = new Contact
        {
            ContactId = c.ContactId.ToString(),
            CaseId = c.CaseId.ToString(),
            Status = c.Status.ToProto(),
            Channel = c.Channel.ToProto(),
            Language = c.Language,
            Location = c.Location,
            Region = c.Region,
            Urgency = c.Urgency.ToProto(),
            Summary = c.Summary,
            ResponderId = c.ResponderId ?? "",
            ReceivedAt = c.ReceivedAt.ToProto(),
            ConnectedAt = c.ConnectedAt.ToProto(),
            EndedAt = c.EndedAt.ToProto(),
            OfferDeadline = c.OfferDeadline.ToProto(),
            CallerName = c.CallerName,
            Callback = c.Callback,
            OpenedBy = c.OpenedBy ?? "",
            ErasedAt = c.ErasedAt.ToProto(),
            Kind = c.Kind.ToProto(),
            CallBack = c.QueuedCallBack.ToProto(routing.CurrentValue.CallBack.MaxAttempts),
        };
        contact.RequiredSkills.AddRange(c.Skills);
        return contact;
    }
}
