using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Access;
using Hotline.Domain;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Security;
using Hotline.Gateway.Validation;
using Microsoft.AspNetCore.Authorization;
using Hotline.Queues;

namespace Hotline.Gateway.Services;

/// <summary>Supervisors' view of the queues.</summary>
public sealed class SupervisorService(IGrainFactory grains, RequestValidator validate) : Api.V1.SupervisorService.SupervisorServiceBase
{
    [Authorize(Roles = HotlineClaims.Supervisor)]
    public override async Task<GetQueueStatsResponse> GetQueueStats(GetQueueStatsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var regions = validate.QueueStats(request);
        if (request.Regions.Count == 0)
        {
            regions = [.. regions.Where(caller.Covers)];
        }
        else if (!regions.All(caller.Covers))
        {
            RpcErrors.ThrowPermissionDenied("regions");
        }

        var stats = await Task.WhenAll(regions.Select(r => grains.GetGrain<IRegionQueueGrain>(r).GetStats()));
        var response = new GetQueueStatsResponse();
        response.Regions.AddRange(stats.Select(ToProto));
        return response;
    }

    private static RegionQueueStats ToProto(QueueStats s) => new()
    {
        Region = s.Region,
        Waiting = s.Waiting,
        WaitingImminentDanger = s.WaitingByUrgency[(int)Domain.Urgency.ImminentDanger],
        WaitingHigh = s.WaitingByUrgency[(int)Domain.Urgency.High],
        WaitingNormal = s.WaitingByUrgency[(int)Domain.Urgency.Normal],
        WaitingLow = s.WaitingByUrgency[(int)Domain.Urgency.Low],
        LongestWait = Duration.FromTimeSpan(s.LongestWait),
        Offered = s.Offered,
        Responders = new ResponderPresenceCounts
        {
            Available = s.Responders.Available,
            Busy = s.Responders.Busy,
            OnBreak = s.Responders.Break,
            Away = s.Responders.Away,
            Offline = s.Responders.Offline,
            Disconnected = s.Responders.Disconnected,
        },
        At = s.At.ToProto(),
    };
}
