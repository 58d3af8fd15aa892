using Grpc.Core;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Gateway.Services.Supervision;
using Hotline.Gateway.Validation;
using Hotline.Queues;
using Hotline.Responders;
using Hotline.Supervision;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Hotline.Gateway.Services;

/// <summary>Supervisors: the queues and rosters of their regions, live, and the actions that step in.</summary>
[Authorize(Roles = HotlineClaims.Supervisor)]
public sealed partial class SupervisorService(
    IGrainFactory grains,
    SupervisorRequestValidator validate,
    IOptions<SupervisionOptions> options,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider time,
    GatewayLifetime lifetime,
    ILogger<SupervisorService> logger) : Api.V1.SupervisorService.SupervisorServiceBase
{
    private static readonly TimeSpan SnapshotWait = TimeSpan.FromSeconds(3);

    private TimeSpan Threshold => options.Value.ServiceLevelThreshold;

    public override async Task<GetQueueStatsResponse> GetQueueStats(GetQueueStatsRequest request, ServerCallContext context)
    {
        var regions = Scoped(request.Regions, context.Caller(), refuseEmpty: false);
        var stats = await Task.WhenAll(regions.Select(r => grains.GetGrain<IRegionQueueGrain>(r).GetStats()));
        var response = new GetQueueStatsResponse { National = SupervisionMapping.ToProto(QueueStats.National(stats, time.GetUtcNow()), Threshold) };
        response.Regions.AddRange(stats.Select(s => SupervisionMapping.ToProto(s, Threshold)));
        return response;
    }

    public override async Task WatchQueues(WatchQueuesRequest request, IServerStreamWriter<QueueUpdate> responseStream, ServerCallContext context)
    {
        var regions = Scoped(request.Regions, context.Caller(), refuseEmpty: true);
        using var stop = lifetime.Link(context);
        var cancellation = stop.Token;
        var latest = new Dictionary<string, QueueStats>(StringComparer.Ordinal);
        var held = new List<QueueUpdate>();
        var opened = false;
        var openBy = time.GetUtcNow() + SnapshotWait;
        var events = RegionWatch.Start(grains, regions, SupervisionTopics.Queues, logger, cancellation);

        // The snapshot goes out when every region has answered, or after a few seconds with
        // those that have (a region failing over must not hold back the others or their alerts).
        async Task OpenAsync()
        {
            opened = true;
            var snapshot = new QueueSnapshot();
            snapshot.Regions.AddRange(regions.Where(latest.ContainsKey).Select(r => SupervisionMapping.ToProto(latest[r], Threshold)));
            await responseStream.WriteAsync(new QueueUpdate { Snapshot = snapshot, National = National(latest) }, cancellation);
            foreach (var alert in held)
            {
                await responseStream.WriteAsync(alert, cancellation);
            }

            held.Clear();
        }

        Task<bool>? ready = null;
        try
        {
            while (true)
            {
                // One wait for events at a time (the merged channel has a single reader).
                ready ??= events.WaitToReadAsync(cancellation).AsTask();
                if (!opened)
                {
                    var left = openBy - time.GetUtcNow();
                    if (left <= TimeSpan.Zero || latest.Count == regions.Count)
                    {
                        await OpenAsync();
                        continue;
                    }

                    if (await Task.WhenAny(ready, Task.Delay(left, time, cancellation)) != ready)
                    {
                        continue;
                    }
                }

                var more = await ready;
                ready = null;
                if (!more)
                {
                    break;
                }

                while (events.TryRead(out var item))
                {
                    var (region, e) = item;
                    if (e.Kind == SupervisionEventKind.Alert)
                    {
                        var alert = new QueueUpdate { Alert = SupervisionMapping.ToProto(e.Alert!) };
                        if (opened)
                        {
                            await responseStream.WriteAsync(alert, cancellation);
                        }
                        else
                        {
                            held.Add(alert);
                        }

                        continue;
                    }

                    latest[region] = e.Stats!;
                    if (opened)
                    {
                        await responseStream.WriteAsync(new QueueUpdate { Region = SupervisionMapping.ToProto(e.Stats!, Threshold), National = National(latest) }, cancellation);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            // However the stream ends, the subscriptions to the dispatchers end with it.
            await stop.CancelAsync();
        }

        lifetime.ThrowIfStopping(context);
    }

    public override async Task WatchResponders(WatchRespondersRequest request, IServerStreamWriter<RosterUpdate> responseStream, ServerCallContext context)
    {
        var regions = Scoped(request.Regions, context.Caller(), refuseEmpty: true);
        using var stop = lifetime.Link(context);
        var cancellation = stop.Token;
        try
        {
            await foreach (var (region, e) in RegionWatch.Start(grains, regions, SupervisionTopics.Roster, logger, cancellation).ReadAllAsync(cancellation))
            {
                if (e.Kind != SupervisionEventKind.Roster)
                {
                    continue;
                }

                var update = new RosterUpdate { Region = region, Full = e.Full };
                foreach (var r in e.Roster!.OrderBy(r => r.ResponderId, StringComparer.Ordinal))
                {
                    if (r.HomeRegion == region)
                    {
                        update.Responders.Add(SupervisionMapping.ToProto(r));
                    }
                    else
                    {
                        update.Removed.Add(r.ResponderId);
                    }
                }

                await responseStream.WriteAsync(update, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync();
        }

        lifetime.ThrowIfStopping(context);
    }

    public override async Task<ReassignContactResponse> ReassignContact(ReassignContactRequest request, ServerCallContext context)
    {
        var (contactId, responderId) = validate.Reassign(request);
        var offerId = await grains.GetGrain<IContactGrain>(contactId).Reassign(responderId, context.Caller());
        return new ReassignContactResponse { OfferId = offerId.ToString() };
    }

    public override async Task<MoveContactResponse> MoveContact(MoveContactRequest request, ServerCallContext context)
    {
        var contactId = validate.Move(request);
        var moved = await grains.GetGrain<IContactGrain>(contactId).MoveTo(request.Region, context.Caller());
        return new MoveContactResponse { ContactId = moved.ContactId.ToString(), Region = moved.Region, Status = moved.Status.ToProto() };
    }

    public override async Task<RosterEntry> SetResponderPresence(SetResponderPresenceRequest request, ServerCallContext context)
    {
        validate.SetPresence(request);
        var caller = context.Caller();
        var grain = grains.GetGrain<IResponderGrain>(request.ResponderId);
        var responder = await grain.Get();
        var role = responder is null ? Roles.None : AccessPolicy.Supervise(caller, responder.Profile.HomeRegion);
        if (role == Roles.None)
        {
            throw AccessPolicy.ResponderRefusal(caller, request.ResponderId);
        }

        await grain.SetPresence(request.Presence.ToDomain(), request.Reason.ToDomain(), caller, role);
        LogPresenceSet(logger, caller.Subject, request.ResponderId, request.Presence);
        return SupervisionMapping.ToProto((await grain.GetAvailability())!);
    }

    public override async Task<RegionQueueStats> SetSurgeMode(SetSurgeModeRequest request, ServerCallContext context)
    {
        validate.SetSurge(request);
        var caller = Supervising(context, request.Region);
        var toRegion = request.ToRegion.Length == 0 ? null : request.ToRegion;
        var stats = await grains.GetGrain<IRegionQueueGrain>(request.Region).SetSurge([.. request.ResponderIds], toRegion, caller);
        LogSurgeSet(logger, caller.Subject, request.Region);
        return SupervisionMapping.ToProto(stats, Threshold);
    }

    public override async Task<RegionQueueStats> ClearSurgeMode(ClearSurgeModeRequest request, ServerCallContext context)
    {
        validate.ClearSurge(request);
        var caller = Supervising(context, request.Region);
        var stats = await grains.GetGrain<IRegionQueueGrain>(request.Region).ClearSurge(caller);
        LogSurgeCleared(logger, caller.Subject, request.Region);
        return SupervisionMapping.ToProto(stats, Threshold);
    }

    /// <summary>The caller, when they supervise <paramref name="region"/>; PermissionDenied otherwise.</summary>
    private static Caller Supervising(ServerCallContext context, string region)
    {
        var caller = context.Caller();
        return AccessPolicy.Supervise(caller, region) == Roles.None ? throw new Hotline.Errors.PermissionDeniedException("region", Hotline.Errors.PermissionDeniedException.NotWithinAccess) : caller;
    }

    /// <summary>The regions asked for, all within the caller's; empty asks for every region the caller supervises.</summary>
    private List<string> Scoped(IReadOnlyCollection<string> asked, Caller caller, bool refuseEmpty) =>
        AccessPolicy.SupervisedRegions(caller, validate.Regions(asked), named: asked.Count > 0, refuseEmpty);

    private RegionQueueStats National(Dictionary<string, QueueStats> latest) =>
        SupervisionMapping.ToProto(QueueStats.National(latest.Values, time.GetUtcNow()), Threshold);

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervisor {Subject} set surge mode in region {Region}")]
    private static partial void LogSurgeSet(ILogger logger, string subject, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervisor {Subject} cleared surge mode in region {Region}")]
    private static partial void LogSurgeCleared(ILogger logger, string subject, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervisor {Subject} set the presence of responder {ResponderId} to {Presence}")]
    private static partial void LogPresenceSet(ILogger logger, string subject, string responderId, Api.V1.Presence presence);
}
