using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Errors;
using Hotline.Access;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Gateway.Services.Streaming;
using Hotline.Gateway.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Hotline.Responders;
using Assignment = Hotline.Api.V1.Assignment;
using PresenceReason = Hotline.Responders.PresenceReason;
using RescindReason = Hotline.Api.V1.RescindReason;
using ResponderEvent = Hotline.Api.V1.ResponderEvent;
using D = Hotline.Domain;
using R = Hotline.Routing;

namespace Hotline.Gateway.Services;

/// <summary>Responders: profile, presence, the live offer stream, and working contacts.</summary>
public sealed partial class ResponderService(IGrainFactory grains, RequestValidator validate, GatewayLifetime lifetime, IOptionsMonitor<R.RoutingOptions> routing,
    ILogger<ResponderService> logger)
    : Api.V1.ResponderService.ResponderServiceBase
{
    [Authorize(Roles = HotlineClaims.Admin)]
    public override async Task<Responder> UpsertResponder(UpsertResponderRequest request, ServerCallContext context)
    {
        var region = validate.UpsertResponder(request);
        var profile = new ResponderProfileInput(
            request.DisplayName.Length > 0 ? request.DisplayName : null,
            region.Code,
            [.. request.Languages],
            [.. request.Skills],
            [.. request.Capacity.Select(c => new Responders.ChannelCapacity(c.Channel.ToDomain(), c.Capacity))]);
        return ToProto(await Grain(request.ResponderId).Upsert(profile));
    }

    /// <summary>The responder themselves, admins, and supervisors of the responder's home region.</summary>
    [Authorize(Roles = $"{HotlineClaims.Responder},{HotlineClaims.Supervisor},{HotlineClaims.Admin}")]
    public override async Task<Responder> GetResponder(GetResponderRequest request, ServerCallContext context)
    {
        validate.ResponderId(request.ResponderId);
        var caller = context.Caller();
        if (!AccessPolicy.MayReadResponders(caller, request.ResponderId))
        {
            RpcErrors.ThrowPermissionDenied("responder_id");
        }

        var snapshot = await Grain(request.ResponderId).Get();
        if (snapshot is null || AccessPolicy.ReadResponder(caller, request.ResponderId, snapshot.Profile.HomeRegion) == Roles.None)
        {
            throw AccessPolicy.ResponderRefusal(caller, request.ResponderId);
        }

        return ToProto(snapshot);
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<Responder> SetPresence(SetPresenceRequest request, ServerCallContext context)
    {
        validate.SetPresence(request);
        var caller = context.RequireResponder(request.ResponderId);
        return ToProto(await Grain(request.ResponderId).SetPresence(request.Presence.ToDomain(), request.Reason.ToDomain(), caller, Roles.Responder));
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<Responder> EndWrapUp(EndWrapUpRequest request, ServerCallContext context)
    {
        validate.EndWrapUp(request);
        context.RequireResponder(request.ResponderId);
        var channel = request.Channel == Api.V1.Channel.Unspecified ? (D.Channel?)null : request.Channel.ToDomain();
        return ToProto(await Grain(request.ResponderId).EndWrapUp(channel));
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task WatchOffers(WatchOffersRequest request, IServerStreamWriter<ResponderEvent> responseStream, ServerCallContext context)
    {
        validate.WatchOffers(request);
        var caller = context.RequireResponder(request.ResponderId);
        var grain = Grain(request.ResponderId);
        using var stop = lifetime.Link(context);
        var last = request.AfterSequence;
        await Resubscribing.PumpAsync(
            cancellation => grain.Watch(last, cancellation),
            async (e, cancellation) =>
            {
                await responseStream.WriteAsync(await ToProtoAsync(e, caller), cancellation);
                last = e.Sequence;
            },
            // A refusal from the grain or gRPC reaches the responder; anything else is the silo
            // going away or the call timing out, and resuming after the last event delivered
            // loses nothing.
            exception => exception is not HotlineException and not RpcException,
            exception => LogResubscribing(logger, exception, request.ResponderId, last),
            stop.Token);

        lifetime.ThrowIfStopping(context);
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<AcceptOfferResponse> AcceptOffer(OfferActionRequest request, ServerCallContext context)
    {
        var contactId = validate.OfferAction(request, completing: false);
        var caller = context.RequireResponder(request.ResponderId);
        var assignment = await Grain(request.ResponderId).Accept(contactId, caller);
        return new AcceptOfferResponse { Assignment = ToProto(assignment) };
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<DeclineOfferResponse> DeclineOffer(OfferActionRequest request, ServerCallContext context)
    {
        var contactId = validate.OfferAction(request, completing: false);
        var caller = context.RequireResponder(request.ResponderId);
        await Grain(request.ResponderId).Decline(contactId, caller);
        return new DeclineOfferResponse();
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<CompleteContactResponse> CompleteContact(OfferActionRequest request, ServerCallContext context)
    {
        var contactId = validate.OfferAction(request, completing: true);
        var caller = context.RequireResponder(request.ResponderId);
        if (request.CallerNotSafe)
        {
            // Marked before the contact completes, so no follow-up is offered in between.
            await grains.GetGrain<IContactGrain>(contactId).MarkNotSafe(caller);
        }

        await Grain(request.ResponderId).Complete(contactId, caller);
        return new CompleteContactResponse();
    }

    [Authorize(Roles = HotlineClaims.Responder)]
    public override async Task<RecordCallBackOutcomeResponse> RecordCallBackOutcome(RecordCallBackOutcomeRequest request, ServerCallContext context)
    {
        var (contactId, outcome) = validate.CallBackOutcome(request);
        var caller = context.RequireResponder(request.ResponderId);
        var contact = await grains.GetGrain<IContactGrain>(contactId).RecordCallBack(request.ResponderId, outcome, caller);
        return new RecordCallBackOutcomeResponse { Status = contact.Status.ToProto(), CallBack = contact.QueuedCallBack.ToProto(MaxAttempts) };
    }

    private int MaxAttempts => routing.CurrentValue.CallBack.MaxAttempts;

    private IResponderGrain Grain(string responderId) => grains.GetGrain<IResponderGrain>(responderId);

    private async Task<ResponderEvent> ToProtoAsync(Responders.ResponderEvent e, Caller caller)
    {
        var result = new ResponderEvent { Sequence = e.Sequence, At = e.At.ToProto() };
        switch (e.Kind)
        {
            case ResponderEventKind.State:
                var state = new ResponderStateEvent { Presence = (e.Presence ?? D.Presence.Offline).ToProto() };
                state.WrapUps.AddRange((e.WrapUps ?? []).Select(w => w.ToProto()));
                result.PresenceReason = (e.PresenceReason ?? PresenceReason.None).ToProto();
                if (e.Offer is not null)
                {
                    state.PendingOffer = await OfferAsync(e, caller);
                }

                state.Assignments.AddRange((e.Assignments ?? []).Select(ToProto));
                result.State = state;
                break;
            case ResponderEventKind.OfferMade:
                result.OfferMade = await OfferAsync(e, caller);
                break;
            case ResponderEventKind.OfferRescinded:
                result.OfferRescinded = new OfferRescinded { Offer = ToProto(e.Offer!, summary: ""), Reason = ToProto(e.Reason) };
                break;
            case ResponderEventKind.Assigned:
                result.Assigned = ToProto(e.Assignment!);
                break;
            case ResponderEventKind.AssignmentEnded:
                result.AssignmentEnded = ToProto(e.Assignment!);
                break;
            case ResponderEventKind.PresenceChanged:
                result.PresenceChanged = (e.Presence ?? D.Presence.Offline).ToProto();
                result.PresenceReason = (e.PresenceReason ?? PresenceReason.None).ToProto();
                break;
            case ResponderEventKind.WrapUpStarted:
                result.WrapUpStarted = e.WrapUp!.ToProto();
                break;
            case ResponderEventKind.WrapUpEnded:
                result.WrapUpEnded = e.WrapUp!.ToProto();
                break;
        }

        return result;
    }

    /// <summary>
    /// The offer with the operator's summary, which the dispatcher never holds, while the
    /// offer is open to this responder (the contact audits each showing); without it once the
    /// offer has been declined, missed or withdrawn.
    /// </summary>
    private async Task<Offer> OfferAsync(Responders.ResponderEvent e, Caller caller)
    {
        if (!e.OfferOpen)
        {
            return ToProto(e.Offer!, summary: "");
        }

        var contact = grains.GetGrain<IContactGrain>(e.Offer!.ContactId);
        var offer = ToProto(e.Offer, await contact.SummaryForOffer(caller));
        if (e.Offer.Kind == D.WorkKind.FollowUp || e.Offer.CallBack is not null)
        {
            // Reaching the person back: the rules and the code word go to this responder's own stream alone, audited by the case.
            offer.SafeContact = SafeContactMapping.ToProto(await contact.SafeRulesForOffer(caller));
        }

        return offer;
    }

    private Offer ToProto(R.Offer o, string summary)
    {
        var offer = new Offer
        {
            OfferId = o.OfferId.ToString(),
            ContactId = o.ContactId.ToString(),
            CaseId = o.CaseId.ToString(),
            Region = o.Region,
            Channel = o.Needs.Channel.ToProto(),
            Language = o.Needs.Language,
            Urgency = o.Urgency.ToProto(),
            Deadline = o.Deadline.ToProto(),
            Escalated = o.Escalated,
            Summary = summary,
            Kind = o.Kind.ToProto(),
            CallBack = o.CallBack is { } turn ? new CallBackAttempt { Attempt = turn.Attempt, MaxAttempts = MaxAttempts } : null,
        };
        offer.RequiredSkills.AddRange(o.Needs.Skills);
        return offer;
    }

    private static RescindReason ToProto(Responders.RescindReason? reason) => reason switch
    {
        Responders.RescindReason.Declined => RescindReason.Declined,
        Responders.RescindReason.Missed => RescindReason.Missed,
        Responders.RescindReason.ContactEnded => RescindReason.ContactEnded,
        Responders.RescindReason.Reassigned => RescindReason.Reassigned,
        Responders.RescindReason.Disconnected => RescindReason.Disconnected,
        null => RescindReason.Unspecified,
        _ => throw ProtoMapping.Unexpected(reason.Value),
    };

    private static Assignment ToProto(Responders.Assignment a) => new()
    {
        ContactId = a.ContactId.ToString(),
        CaseId = a.CaseId.ToString(),
        Channel = a.Channel.ToProto(),
        Since = a.Since.ToProto(),
    };

    private static Responder ToProto(ResponderSnapshot s)
    {
        var responder = new Responder
        {
            ResponderId = s.ResponderId,
            DisplayName = s.Profile.DisplayName ?? "",
            HomeRegion = s.Profile.HomeRegion,
            Presence = s.Presence.ToProto(),
            Connected = s.Connected,
            DisabledAt = s.DisabledAt?.ToProto(),
            PresenceReason = s.PresenceReason.ToProto(),
        };
        responder.WrapUps.AddRange((s.WrapUps ?? []).Select(w => w.ToProto()));
        responder.Languages.AddRange(s.Profile.Languages);
        responder.Skills.AddRange(s.Profile.Skills);
        responder.Capacity.AddRange(s.Profile.Capacity.Select(c => new Api.V1.ChannelCapacity { Channel = c.Channel.ToProto(), Capacity = c.Capacity }));
        responder.Assignments.AddRange(s.Assignments.Select(ToProto));
        return responder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offer stream of responder {ResponderId} broke; resubscribing after sequence {Sequence}")]
    private static partial void LogResubscribing(ILogger logger, Exception? exception, string responderId, long sequence);
}
