using Google.Rpc;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

/// <summary>One hotline for the whole class, with a registered responder of Baku ("known") who stays offline.</summary>
public sealed class BadInputHost : SharedHotline
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Host.Responders.UpsertResponderAsync(Requests.Responder("known", "baku"));
    }
}

/// <summary>
/// Bad input is refused naming the field and changes nothing, so the tests share one hotline:
/// each checks that nothing was left behind (Baku's queue empty, "known" offline and free),
/// which also shows that the tests before it left nothing.
/// </summary>
public sealed class BadInputTests(BadInputHost fixture) : IClassFixture<BadInputHost>
{
    private HotlineHost Host => fixture.Host;

    public static TheoryData<string, Func<OpenContactRequest, OpenContactRequest>, string> BadIntakes => new()
    {
        { "missing request id", r => With(r, x => x.RequestId = ""), "request_id" },
        { "request id too long", r => With(r, x => x.RequestId = new string('a', 65)), "request_id" },
        { "request id with spaces", r => With(r, x => x.RequestId = "a b"), "request_id" },
        { "request id ending in a newline", r => With(r, x => x.RequestId += "\n"), "request_id" },
        { "no channel", r => With(r, x => x.Channel = Channel.Unspecified), "channel" },
        { "unknown channel number", r => With(r, x => x.Channel = (Channel)99), "channel" },
        { "unknown language", r => With(r, x => x.Language = "xx"), "language" },
        { "missing location", r => With(r, x => x.Location = ""), "location" },
        { "unknown district", r => With(r, x => x.Location = "AZ-ZZZ"), "location" },
        { "unknown skill", r => With(r, x => x.RequiredSkills.Add("magic")), "required_skills" },
        { "duplicate skill", r => With(r, x => x.RequiredSkills.Add(["shelter", "shelter"])), "required_skills" },
        { "too many skills", r => With(r, x => x.RequiredSkills.Add(Enumerable.Repeat("shelter", 11))), "required_skills" },
        { "no urgency", r => With(r, x => x.Urgency = Urgency.Unspecified), "urgency" },
        { "case id not a uuid", r => With(r, x => x.CaseId = "case-1"), "case_id" },
        { "summary too long", r => With(r, x => x.Summary = new string('s', 2001)), "summary" },
    };

    [Theory]
    [MemberData(nameof(BadIntakes))]
    public async Task BadIntakeIsRefusedNamingTheFieldAndChangesNothing(string why, Func<OpenContactRequest, OpenContactRequest> spoil, string field)
    {
        var good = Requests.Contact("baku", requestId: "bad-input-" + Guid.NewGuid().ToString("N")[..8]);
        var bad = spoil(good.Clone());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Host.Intake.OpenContactAsync(bad));
        AssertInvalid(error, field, why);
        Assert.Equal(0, (await Host.QueueAsync("baku")).Waiting);

        if (bad.RequestId == good.RequestId)
        {
            // The same request id, now valid, creates the contact from scratch: nothing was kept.
            var contact = await Host.Intake.OpenContactAsync(good);
            Assert.Equal(ContactStatus.Queued, contact.Status);
            Assert.Equal("baku", contact.Region);
            await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
        }
    }

    [Fact]
    public async Task ContinuingACaseThatDoesNotExistIsNotFoundAndCreatesNothing()
    {
        var request = Requests.Contact("baku");
        request.CaseId = Guid.NewGuid().ToString();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Host.Intake.OpenContactAsync(request));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);

        await Assert.ThrowsAsync<RpcException>(async () => await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = request.CaseId }));
        Assert.Equal(0, (await Host.QueueAsync("baku")).Waiting);
    }

    public static TheoryData<string, Func<UpsertResponderRequest, UpsertResponderRequest>, string> BadProfiles => new()
    {
        { "missing id", r => With(r, x => x.ResponderId = ""), "responder_id" },
        { "upper-case id", r => With(r, x => x.ResponderId = "Ayla"), "responder_id" },
        { "id ending in a newline", r => With(r, x => x.ResponderId = "newcomer\n"), "responder_id" },
        { "name too long", r => With(r, x => x.DisplayName = new string('n', 101)), "display_name" },
        { "unknown region", r => With(r, x => x.HomeRegion = "atlantis"), "home_region" },
        { "no languages", r => With(r, x => x.Languages.Clear()), "languages" },
        { "unknown language", r => With(r, x => x.Languages.Add("xx")), "languages" },
        { "unknown skill", r => With(r, x => x.Skills.Add("magic")), "skills" },
        { "no capacity", r => With(r, x => x.Capacity.Clear()), "capacity" },
        { "capacity zero", r => With(r, x => x.Capacity[0].Capacity = 0), "capacity[0].capacity" },
        { "capacity too high", r => With(r, x => x.Capacity[0].Capacity = 21), "capacity[0].capacity" },
        { "channel twice", r => With(r, x => x.Capacity.Add(new ChannelCapacity { Channel = Channel.Voice, Capacity = 1 })), "capacity[1].channel" },
        { "channel unspecified", r => With(r, x => x.Capacity[0].Channel = Channel.Unspecified), "capacity[0].channel" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task BadProfileIsRefusedNamingTheFieldAndChangesNothing(string why, Func<UpsertResponderRequest, UpsertResponderRequest> spoil, string field)
    {
        var bad = spoil(Requests.Responder("newcomer", "baku"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Host.Responders.UpsertResponderAsync(bad));
        AssertInvalid(error, field, why);

        var lookup = await Assert.ThrowsAsync<RpcException>(async () => await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "newcomer" }));
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    public static TheoryData<string, Func<HotlineHost, Task>, StatusCode, string?> BadCalls => new()
    {
        { "GetContact bad id", h => h.Intake.GetContactAsync(new GetContactRequest { ContactId = "x" }).ResponseAsync, StatusCode.InvalidArgument, "contact_id" },
        { "GetContact unknown", h => h.Intake.GetContactAsync(new GetContactRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "AbandonContact unknown", h => h.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "EndContact empty id", h => h.Intake.EndContactAsync(new EndContactRequest()).ResponseAsync, StatusCode.InvalidArgument, "contact_id" },
        { "EndContact unknown", h => h.Intake.EndContactAsync(new EndContactRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "GetCase bad id", h => h.Cases.GetCaseAsync(new GetCaseRequest { CaseId = "nope" }).ResponseAsync, StatusCode.InvalidArgument, "case_id" },
        { "GetCase unknown", h => h.Cases.GetCaseAsync(new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "GetCaseAudit bad id", h => h.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = "nope" }).ResponseAsync, StatusCode.InvalidArgument, "case_id" },
        { "GetCaseAudit unknown", h => h.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "EraseCase empty id", h => h.Cases.EraseCaseAsync(new EraseCaseRequest()).ResponseAsync, StatusCode.InvalidArgument, "case_id" },
        { "EraseCase unknown", h => h.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "GetResponder bad id", h => h.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "Bad Id" }).ResponseAsync, StatusCode.InvalidArgument, "responder_id" },
        { "SetPresence away by hand", h => h.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "known", Presence = Presence.Away }).ResponseAsync, StatusCode.InvalidArgument, "presence" },
        { "SetPresence unspecified", h => h.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "known" }).ResponseAsync, StatusCode.InvalidArgument, "presence" },
        { "SetPresence unknown responder", h => h.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "ghost", Presence = Presence.Available }).ResponseAsync, StatusCode.NotFound, null },
        { "AcceptOffer bad contact id", h => h.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "known", ContactId = "1" }).ResponseAsync, StatusCode.InvalidArgument, "contact_id" },
        { "AcceptOffer nothing offered", h => h.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "known", ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.FailedPrecondition, null },
        { "AcceptOffer unknown responder", h => h.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "ghost", ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound, null },
        { "DeclineOffer nothing offered", h => h.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "known", ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.FailedPrecondition, null },
        { "CompleteContact not assigned", h => h.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "known", ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.FailedPrecondition, null },
        { "CompleteContact missing responder id", h => h.Responders.CompleteContactAsync(new OfferActionRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.InvalidArgument, "responder_id" },
        { "GetQueueStats unknown region", h => h.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest { Regions = { "atlantis" } }).ResponseAsync, StatusCode.InvalidArgument, "regions" },
        { "GetQueueStats region twice", h => h.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest { Regions = { "baku", "baku" } }).ResponseAsync, StatusCode.InvalidArgument, "regions" },
        { "WatchQueues unknown region", h => ReadFirstAsync(h.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { "atlantis" } })), StatusCode.InvalidArgument, "regions" },
        { "WatchResponders unknown region", h => ReadFirstAsync(h.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { "atlantis" } })), StatusCode.InvalidArgument, "regions" },
        { "ReassignContact bad contact id", h => h.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = "x", ResponderId = "known" }).ResponseAsync, StatusCode.InvalidArgument, "contact_id" },
        { "ReassignContact bad responder id", h => h.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = Guid.NewGuid().ToString(), ResponderId = "Not Valid" }).ResponseAsync, StatusCode.InvalidArgument, "responder_id" },
        { "ReassignContact unknown contact", h => h.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = Guid.NewGuid().ToString(), ResponderId = "known" }).ResponseAsync, StatusCode.NotFound, null },
        { "MoveContact no region", h => h.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.InvalidArgument, "region" },
        { "MoveContact unknown region", h => h.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = Guid.NewGuid().ToString(), Region = "atlantis" }).ResponseAsync, StatusCode.InvalidArgument, "region" },
        { "MoveContact bad contact id", h => h.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = "", Region = "baku" }).ResponseAsync, StatusCode.InvalidArgument, "contact_id" },
        { "MoveContact unknown contact", h => h.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = Guid.NewGuid().ToString(), Region = "baku" }).ResponseAsync, StatusCode.NotFound, null },
        { "SetResponderPresence unspecified", h => h.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "known" }).ResponseAsync, StatusCode.InvalidArgument, "presence" },
        { "SetResponderPresence bad id", h => h.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "", Presence = Presence.Away }).ResponseAsync, StatusCode.InvalidArgument, "responder_id" },
        { "SetResponderPresence unknown responder", h => h.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "ghost", Presence = Presence.Away }).ResponseAsync, StatusCode.NotFound, null },
        { "SetSurgeMode no target", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku" }).ResponseAsync, StatusCode.InvalidArgument, "responder_ids" },
        { "SetSurgeMode both targets", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku", ResponderIds = { "known" }, ToRegion = "shaki-zagatala" }).ResponseAsync, StatusCode.InvalidArgument, "responder_ids" },
        { "SetSurgeMode unknown region", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "atlantis", ToRegion = "baku" }).ResponseAsync, StatusCode.InvalidArgument, "region" },
        { "SetSurgeMode to itself", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku", ToRegion = "baku" }).ResponseAsync, StatusCode.InvalidArgument, "to_region" },
        { "SetSurgeMode unknown to_region", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku", ToRegion = "atlantis" }).ResponseAsync, StatusCode.InvalidArgument, "to_region" },
        { "SetSurgeMode bad responder id", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku", ResponderIds = { "" } }).ResponseAsync, StatusCode.InvalidArgument, "responder_ids[0]" },
        { "SetSurgeMode responder of another region", h => h.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = "baku", ResponderIds = { "ghost" } }).ResponseAsync, StatusCode.FailedPrecondition, null },
        { "ClearSurgeMode no region", h => h.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest()).ResponseAsync, StatusCode.InvalidArgument, "region" },
        { "WatchOffers negative sequence", h => ReadFirstAsync(h, new WatchOffersRequest { ResponderId = "known", AfterSequence = -1 }), StatusCode.InvalidArgument, "after_sequence" },
        { "WatchOffers unknown responder", h => ReadFirstAsync(h, new WatchOffersRequest { ResponderId = "ghost" }), StatusCode.NotFound, null },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task EachRpcRefusesBadCallsWithTheRightStatus(string why, Func<HotlineHost, Task> call, StatusCode expected, string? field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call(Host));
        Assert.True(expected == error.StatusCode, $"{why}: expected {expected}, got {error.StatusCode} ({error.Status.Detail})");
        if (field is not null)
        {
            AssertInvalid(error, field, why);
        }

        var known = await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "known" });
        Assert.Equal(Presence.Offline, known.Presence);
        Assert.Empty(known.Assignments);
    }

    [Fact]
    public async Task AbandoningAConnectedContactOrEndingAWaitingOneIsFailedPrecondition()
    {
        var waiting = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        var end = await Assert.ThrowsAsync<RpcException>(async () => await Host.Intake.EndContactAsync(new EndContactRequest { ContactId = waiting.ContactId }));
        Assert.Equal(StatusCode.FailedPrecondition, end.StatusCode);
        Assert.Contains("queued", end.Status.Detail, StringComparison.Ordinal);

        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));
        await responder.NextOfferAsync(waiting.ContactId);
        var wrongResponder = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "known", ContactId = waiting.ContactId }));
        Assert.Equal(StatusCode.FailedPrecondition, wrongResponder.StatusCode);

        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-1", ContactId = waiting.ContactId });
        var abandon = await Assert.ThrowsAsync<RpcException>(async () => await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = waiting.ContactId }));
        Assert.Equal(StatusCode.FailedPrecondition, abandon.StatusCode);
        var notYours = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "known", ContactId = waiting.ContactId }));
        Assert.Equal(StatusCode.FailedPrecondition, notYours.StatusCode);

        var ended = await Host.Intake.EndContactAsync(new EndContactRequest { ContactId = waiting.ContactId });
        Assert.Equal(ContactStatus.Completed, ended.Status);
        await responder.NextAsync(e => e.AssignmentEnded?.ContactId == waiting.ContactId, "the assignment ended by the operator");
        Assert.Empty((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "baku-1" })).Assignments);
    }

    [Fact]
    public async Task AbandonedWhileOfferedRescindsTheOffer()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("baku-2", "baku"));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await responder.NextOfferAsync(contact.ContactId);

        var abandoned = await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
        Assert.Equal(ContactStatus.Abandoned, abandoned.Status);
        var rescinded = await responder.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferRescinded, "the offer withdrawn");
        Assert.Equal(RescindReason.ContactEnded, rescinded.OfferRescinded.Reason);
        Assert.Contains((await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).History, e => e.Kind == "contact_abandoned");
    }

    private static Task ReadFirstAsync(HotlineHost host, WatchOffersRequest request) => ReadFirstAsync(host.Responders.WatchOffers(request));

    private static async Task ReadFirstAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }
    }

    private static void AssertInvalid(RpcException error, string field, string why)
    {
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{why}: expected InvalidArgument, got {error.StatusCode}");
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        Assert.Contains(details.FieldViolations, v => v.Field == field && v.Description.Length > 0);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    private static T With<T>(T request, Action<T> change)
    {
        change(request);
        return request;
    }
}
