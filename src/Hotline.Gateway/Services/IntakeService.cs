using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Validation;

namespace Hotline.Gateway.Services;

/// <summary>Operators' intake: open, read, abandon and end contacts.</summary>
public sealed class IntakeService(IGrainFactory grains, RequestValidator validate) : Api.V1.IntakeService.IntakeServiceBase
{
    public override async Task<Contact> OpenContact(OpenContactRequest request, ServerCallContext context)
    {
        var region = validate.OpenContact(request);
        var command = new OpenContactCommand(
            request.RequestId,
            request.Channel.ToDomain(),
            request.Language,
            request.Location,
            region.Code,
            [.. request.RequiredSkills],
            request.Urgency.ToDomain(),
            request.CaseId.Length > 0 ? Guid.Parse(request.CaseId) : null,
            request.Summary);
        var contactId = HotlineIds.ContactFromRequest(request.RequestId);
        return ToProto(await grains.GetGrain<IContactGrain>(contactId).Open(command));
    }

    public override async Task<Contact> GetContact(GetContactRequest request, ServerCallContext context)
    {
        var id = validate.ContactId(request.ContactId);
        var contact = await grains.GetGrain<IContactGrain>(id).Get();
        if (contact is null)
        {
            RpcErrors.ThrowNotFound("contact", request.ContactId);
        }

        return ToProto(contact);
    }

    public override async Task<Contact> AbandonContact(AbandonContactRequest request, ServerCallContext context) =>
        ToProto(await grains.GetGrain<IContactGrain>(validate.ContactId(request.ContactId)).Abandon());

    public override async Task<Contact> EndContact(EndContactRequest request, ServerCallContext context) =>
        ToProto(await grains.GetGrain<IContactGrain>(validate.ContactId(request.ContactId)).End());

    private static Contact ToProto(ContactSnapshot c)
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
        };
        contact.RequiredSkills.AddRange(c.Skills);
        return contact;
    }
}
