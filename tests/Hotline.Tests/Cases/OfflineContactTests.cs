using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// A responder records a contact that happened outside the system with its real time: it opens
/// or joins a case as an intake would, is completed by that responder, is never queued, and a
/// replay of the record answers the same and writes nothing.
/// </summary>
public sealed class OfflineContactTests : HostedTest
{
    [Fact]
    public async Task AWalkInOpensACaseCompletedByTheResponderAndAReplayWritesNothing()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var request = WalkIn("walk-in-7", TimeSpan.FromHours(3), TimeSpan.FromHours(2));

        var recorded = await Host.RecordOfflineAsync(request);
        var writes = Host.Storage.Writes;
        var replay = await Host.RecordOfflineAsync(request);

        Assert.Equal(recorded, replay);
        Assert.Equal(writes, Host.Storage.Writes);
        Assert.Equal((ContactStatus.Completed, "leyla", Channel.WalkIn), (recorded.Status, recorded.ResponderId, recorded.Channel));
        Assert.Equal(request.StartedAt, recorded.ReceivedAt);
        Assert.Equal(request.EndedAt, recorded.EndedAt);
        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = recorded.CaseId });
        Assert.Equal(("leyla", CaseScenario.Region), (file.OwnerResponderId, file.Region));
        Assert.Contains(file.History, e => (e.Kind, e.Actor) == ("contact_completed", "leyla"));
        Assert.Equal((0, 0), ((await Host.QueueAsync(CaseScenario.Region)).Waiting, (await Host.QueueAsync(CaseScenario.Region)).Connected));
        Assert.False(leyla.HasSeenOffer());
        var audit = await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = recorded.CaseId });
        Assert.Single(audit.Records, r => r.Action == "offline_case_opened");
        Assert.Contains((await Host.Cases.ListCasesAsync(new ListCasesRequest { OwnerResponderId = "leyla" })).Cases, c => c.CaseId == recorded.CaseId);
    }

    [Fact]
    public async Task AnOfflineContactJoinsTheCaseItsResponderOwns()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(Host, leyla);
        var contact = await cases.AssignedAsync();
        await cases.CompleteAsync(contact);
        var request = WalkIn("shelter-visit", TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(20));
        request.CaseId = contact.CaseId;

        var recorded = await Host.RecordOfflineAsync(request);

        Assert.Equal(contact.CaseId, recorded.CaseId);
        Assert.Contains(recorded.ContactId, (await cases.ReadAsync(contact.CaseId)).ContactIds);
    }

    [Fact]
    public async Task AnOfflineContactInTheFutureTooOldOrOutsideTheHomeRegionIsRefusedAndNothingIsWritten()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var future = WalkIn("future", TimeSpan.FromHours(-1), TimeSpan.FromHours(-2));
        var old = WalkIn("old", TimeSpan.FromDays(31), TimeSpan.FromDays(31) - TimeSpan.FromHours(1));
        var backwards = WalkIn("backwards", TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        var elsewhere = WalkIn("elsewhere", TimeSpan.FromHours(2), TimeSpan.FromHours(1));
        elsewhere.Location = "AZ-BA";
        var badLocation = WalkIn("nowhere", TimeSpan.FromHours(2), TimeSpan.FromHours(1));
        badLocation.Location = "XX-YY";
        var writes = Host.Storage.Writes;

        async Task<RpcException> Refused(RecordOfflineContactRequest r) => await Assert.ThrowsAsync<RpcException>(() => Host.RecordOfflineAsync(r));

        Assert.StartsWith("started_at:", (await Refused(future)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("started_at:", (await Refused(old)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("ended_at:", (await Refused(backwards)).Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, (await Refused(elsewhere)).StatusCode);
        var location = await Refused(badLocation);
        Assert.Equal(StatusCode.InvalidArgument, location.StatusCode);
        Assert.StartsWith("location:", location.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(writes, Host.Storage.Writes);
    }

    private RecordOfflineContactRequest WalkIn(string requestId, TimeSpan startedAgo, TimeSpan endedAgo) => new()
    {
        RequestId = requestId, ResponderId = "leyla", Channel = Channel.WalkIn, Language = "az", Location = "AZ-ISM",
        Summary = "Came to the shelter after leaving the employer",
        StartedAt = Timestamp.FromDateTimeOffset(Host.Clock.GetUtcNow() - startedAgo),
        EndedAt = Timestamp.FromDateTimeOffset(Host.Clock.GetUtcNow() - endedAgo),
    };
}

internal static class OfflineRecording
{
    /// <summary>Records as the responder named in the request (the test clients sign it with their token).</summary>
    public static async Task<Contact> RecordOfflineAsync(this HotlineHost host, RecordOfflineContactRequest request) =>
        await host.Intake.RecordOfflineContactAsync(request);
}
