using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>
/// A region's queue holds at most the configured number of contacts waiting: an intake past it
/// is refused (RESOURCE_EXHAUSTED, nothing recorded, so the same request taken again later goes
/// through) and the region's supervisors are alerted, once per re-alert period while it stays full.
/// </summary>
public sealed class QueueCapTests
{
    private const string Region = "mountainous-shirvan";

    [Fact]
    public async Task AnIntakeIntoAFullQueueIsRefusedSupervisorsAreAlertedAndNothingAcknowledgedIsLost()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Routing:MaxWaitingPerRegion=2", "--Hotline:Supervision:CrisisRealertAfter=00:01:00");
        await using var watch = new LiveStream<QueueUpdate>(host.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Region } }), "the supervisor's stream");
        await watch.NextAsync(u => u.Snapshot is not null, "the snapshot");

        // Nobody is on duty there: both wait.
        var first = await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var second = await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        var turnedAway = Requests.Contact("AZ-ISM");
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Intake.OpenContactAsync(turnedAway).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.StartsWith("location: a region's queue holds at most 2 contacts waiting and this one is full", refused.Status.Detail, StringComparison.Ordinal);

        var alert = (await watch.NextAsync(u => u.Alert?.Reason == AlertReason.QueueFull, "the queue-full alert")).Alert;
        Assert.Equal((Region, "", ""), (alert.Region, alert.CaseId, alert.ContactId));
        Assert.Equal(host.Clock.GetUtcNow(), alert.At.ToDateTimeOffset());

        // Refused again within the re-alert period: no new alert; past it, one, raised then.
        await Assert.ThrowsAsync<RpcException>(() => host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM")).ResponseAsync);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<RpcException>(() => host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM")).ResponseAsync);
        var again = (await watch.NextAsync(u => u.Alert?.Reason == AlertReason.QueueFull, "the second queue-full alert")).Alert;
        Assert.Equal(host.Clock.GetUtcNow(), again.At.ToDateTimeOffset());
        Assert.Equal(alert.Since, again.Since);

        // The acknowledged contacts still wait; once one leaves, the refused request is taken.
        Assert.Equal(2, (await host.QueueAsync(Region)).Waiting);
        await host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = first.ContactId });
        var taken = await host.Intake.OpenContactAsync(turnedAway);
        Assert.Equal(ContactStatus.Queued, taken.Status);
        Assert.Equal(ContactStatus.Queued, (await host.Intake.GetContactAsync(new GetContactRequest { ContactId = second.ContactId })).Status);
        Assert.Equal(2, (await host.QueueAsync(Region)).Waiting);
    }
}
