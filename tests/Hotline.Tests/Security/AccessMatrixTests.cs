using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>One hotline for the whole table; every cell builds a world of its own in it.</summary>
public sealed class AccessHost : IAsyncLifetime
{
    public HotlineHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await HotlineHost.StartAsync();
        await Host.Responders.UpsertResponderAsync(Requests.Responder(People.ResponderDisabled.ResponderId!, People.Region));
        await Host.StaffAccess.DisableResponderAsync(new ResponderAccessRequest { ResponderId = People.ResponderDisabled.ResponderId });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Every RPC, called by every kind of caller, in scope and out: exactly the allowed cells
/// succeed; the rest are refused (Unauthenticated without a token, with a revoked one or one of
/// a disabled responder, PermissionDenied otherwise) and change nothing: no storage write, no
/// audit line, the contact and responder as they were. Lapsed access: <see cref="LapsedAccessTests"/>.
/// </summary>
public sealed class AccessMatrixTests(AccessHost fixture) : IClassFixture<AccessHost>
{
    private static int _cells;

    /// <summary>Who may call each RPC on the world it is given; every other identity must be refused.</summary>
    internal static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["OpenContact"] = ["operator-in", "operator-other", "supervisor-in"],
        ["GetContact"] = ["operator-in", "responder-self", "supervisor-in"],
        ["AbandonContact"] = ["operator-in", "supervisor-in"],
        ["EndContact"] = ["operator-in", "supervisor-in"],
        ["RecordOfflineContact"] = ["responder-self"],
        ["RequestCallBack"] = ["operator-in", "supervisor-in"],
        ["RecordCallBackOutcome"] = ["responder-self"],
        ["UpsertResponder"] = ["admin"],
        ["GetResponder"] = ["responder-self", "supervisor-in", "admin"],
        ["SetPresence"] = ["responder-self"],
        ["EndWrapUp"] = ["responder-self"],
        ["WatchOffers"] = ["responder-self"],
        ["AcceptOffer"] = ["responder-self"],
        ["DeclineOffer"] = ["responder-self"],
        ["CompleteContact"] = ["responder-self"],
        ["GetCase"] = ["operator-in", "responder-self", "supervisor-in"],
        ["GetHistory"] = ["operator-in", "responder-self", "supervisor-in"],
        ["ListCases"] = ["operator-in", "operator-other", "operator-out", "responder-self", "responder-other", "supervisor-in"],
        ["AddNote"] = ["operator-in", "responder-self", "supervisor-in"],
        ["UpdateCaseFacts"] = ["responder-self", "supervisor-in"],
        ["Refer"] = ["responder-self", "supervisor-in"],
        ["UpdateReferral"] = ["responder-self", "supervisor-in"],
        ["Transfer"] = ["responder-self", "supervisor-in"],
        ["ScheduleFollowUp"] = ["responder-self", "supervisor-in"],
        ["Close"] = ["responder-self", "supervisor-in"],
        ["ClearNotSafe"] = ["responder-self", "supervisor-in"],
        ["Reopen"] = ["responder-self", "supervisor-in"],
        ["ListPartners"] = ["operator-in", "operator-other", "operator-out", "responder-self", "responder-other", "supervisor-in", "supervisor-out", "admin"],
        ["GetCaseAudit"] = ["supervisor-in", "admin"],
        ["EraseCase"] = ["admin"],
        ["EraseCaller"] = ["admin"],
        ["GetQueueStats"] = ["supervisor-in"],
        ["WatchQueues"] = ["supervisor-in"],
        ["WatchResponders"] = ["supervisor-in"],
        ["ReassignContact"] = ["supervisor-in"],
        ["MoveContact"] = ["supervisor-in"],
        ["SetResponderPresence"] = ["supervisor-in"],
        ["SetSurgeMode"] = ["supervisor-in"],
        ["ClearSurgeMode"] = ["supervisor-in"],
        ["RevokeToken"] = ["admin"],
        ["RevokeSubject"] = ["admin"],
        ["DisableResponder"] = ["admin"],
        ["EnableResponder"] = ["admin"],
    };

    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var rpc in Allowed.Keys)
        {
            foreach (var identity in People.Identities)
            {
                cells.Add(rpc, identity);
            }
        }

        return cells;
    }

    [Fact]
    public void TheTableCoversEveryRpcOfTheApi()
    {
        var rpcs = Hotline.Gateway.Services.ApiDescriptors.Services.SelectMany(s => s.Methods).Select(m => m.Name).Order();
        Assert.Equal(rpcs, Allowed.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task OnlyAllowedCallersSucceedAndRefusedOnesChangeNothing(string rpc, string identity)
    {
        var host = fixture.Host;
        await using var world = new AccessWorld(host, $"r-cell-{Interlocked.Increment(ref _cells)}");
        await PrepareAsync(rpc, world);
        var claims = People.Claims(identity, world.ResponderId);
        var clients = claims is null ? host.Anonymous() : host.As(claims);
        if (identity == "responder-self-revoked")
        {
            // The responder's own token, for their own world, but revoked (a lost phone).
            clients = host.With(host.Issuer.Issue(claims!, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), out var tokenId));
            await host.StaffAccess.RevokeTokenAsync(new RevokeTokenRequest { TokenId = tokenId });
        }

        var before = await world.FingerprintAsync();

        var allowed = Allowed[rpc].Contains(identity);
        var call = CallAsync(rpc, clients, world, host);
        if (allowed)
        {
            await call;
            return;
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(People.Unauthenticated(identity) ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, refused.StatusCode);
        // The gateway's own gRPC status with a sentence, never a bare HTTP 401 or 403.
        Assert.DoesNotContain("Bad gRPC response", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await world.FingerprintAsync());
    }

    internal static Task PrepareAsync(string rpc, AccessWorld world) => rpc switch
    {
        "OpenContact" or "UpsertResponder" or "GetQueueStats" or "WatchQueues" or "WatchResponders" or "SetResponderPresence" => world.OnlineAsync(),
        "ReassignContact" => world.ReassignableAsync(),
        "SetSurgeMode" => world.SurgeEndsAfterAsync(surging: false),
        "ClearSurgeMode" => world.SurgeEndsAfterAsync(surging: true),
        "MoveContact" => TwoAsync(world.OnlineAsync, world.WaitingAsync),
        "AbandonContact" or "RequestCallBack" => TwoAsync(world.OnlineAsync, world.WaitingAsync),
        "GetResponder" or "SetPresence" or "WatchOffers" or "EndWrapUp" => world.OnlineAsync(),
        "RecordCallBackOutcome" => world.CallingBackAsync(),
        "AcceptOffer" or "DeclineOffer" => world.OfferedAsync(),
        "GetContact" or "EndContact" or "CompleteContact" or "GetCase" or "GetCaseAudit" => world.ConnectedAsync(),
        "GetHistory" or "ListCases" or "AddNote" or "UpdateCaseFacts" or "Refer" or "ListPartners" => world.ConnectedAsync(),
        "UpdateReferral" => world.ReferredAsync(),
        "Transfer" => world.TransferableAsync(),
        "ScheduleFollowUp" => world.ConsentedAsync(),
        "Close" => world.InProgressAsync(),
        "ClearNotSafe" => world.NotSafeAsync(),
        "RecordOfflineContact" => world.OnlineAsync(),
        "Reopen" => world.ClosedAsync(),
        "EraseCase" or "EraseCaller" => world.CompletedAsync(),
        "RevokeToken" or "RevokeSubject" or "DisableResponder" or "EnableResponder" => world.OnlineAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(rpc)),
    };

    private static async Task TwoAsync(Func<Task> first, Func<Task> second)
    {
        await first();
        await second();
    }

    internal static async Task CallAsync(string rpc, HotlineClients c, AccessWorld w, HotlineHost host)
    {
        var self = w.ResponderId;
        var contact = new OfferActionRequest { ResponderId = self, ContactId = w.ContactId };
        switch (rpc)
        {
            case "OpenContact":
                await c.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
                break;
            case "GetContact":
                Assert.Equal(w.ContactId, (await c.Intake.GetContactAsync(new GetContactRequest { ContactId = w.ContactId })).ContactId);
                break;
            case "AbandonContact":
                Assert.Equal(ContactStatus.Abandoned, (await c.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = w.ContactId })).Status);
                break;
            case "RequestCallBack":
                Assert.Equal(CallBackReason.CallerAsked, (await c.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = w.ContactId })).CallBack.Reason);
                break;
            case "RecordCallBackOutcome":
                Assert.Equal(ContactStatus.Connected, (await c.Responders.RecordCallBackOutcomeAsync(
                    new RecordCallBackOutcomeRequest { ResponderId = self, ContactId = w.ContactId, Outcome = CallBackOutcome.Reached })).Status);
                break;
            case "EndContact":
                Assert.Equal(ContactStatus.Completed, (await c.Intake.EndContactAsync(new EndContactRequest { ContactId = w.ContactId })).Status);
                break;
            case "UpsertResponder":
                await c.Responders.UpsertResponderAsync(Requests.Responder($"{self}-new", People.Region));
                break;
            case "GetResponder":
                Assert.Equal(self, (await c.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = self })).ResponderId);
                break;
            case "SetPresence":
                await c.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = self, Presence = Presence.Break });
                break;
            case "EndWrapUp":
                Assert.Equal(self, (await c.Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = self })).ResponderId);
                break;
            case "WatchOffers":
                using (var stream = c.Responders.WatchOffers(new WatchOffersRequest { ResponderId = self }))
                {
                    Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
                }

                break;
            case "AcceptOffer":
                await c.Responders.AcceptOfferAsync(contact);
                break;
            case "DeclineOffer":
                await c.Responders.DeclineOfferAsync(contact);
                break;
            case "CompleteContact":
                await c.Responders.CompleteContactAsync(contact);
                break;
            case "GetCase":
                Assert.Equal(w.CaseId, (await c.Cases.GetCaseAsync(new GetCaseRequest { CaseId = w.CaseId })).CaseId);
                break;
            case "GetHistory":
                Assert.Contains((await c.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = w.CaseId })).Events, e => e.Kind == "opened");
                break;
            case "ListCases":
                Assert.All((await c.Cases.ListCasesAsync(new ListCasesRequest { Regions = { People.Region } })).Cases, s => Assert.Equal(People.Region, s.Region));
                break;
            case "AddNote":
                Assert.Equal("Caller is safe for now", (await c.Cases.AddNoteAsync(new AddNoteRequest { CaseId = w.CaseId, Text = "Caller is safe for now" })).Text);
                break;
            case "UpdateCaseFacts":
                Assert.Equal(RiskLevel.High, (await c.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = w.CaseId, RiskLevel = RiskLevel.High })).Facts.RiskLevel);
                break;
            case "Refer":
                Assert.Equal(ReferralStatus.Requested, (await c.Cases.ReferAsync(new ReferRequest { CaseId = w.CaseId, Service = ServiceType.Shelter, OrganisationId = "vac" })).Status);
                break;
            case "UpdateReferral":
                Assert.Equal(ReferralStatus.Accepted, (await c.Cases.UpdateReferralAsync(
                    new UpdateReferralRequest { CaseId = w.CaseId, ReferralId = w.ReferralId, Status = ReferralStatus.Accepted })).Status);
                break;
            case "Transfer":
                Assert.NotEmpty((await c.Cases.TransferAsync(new TransferRequest { CaseId = w.CaseId, ToResponderId = AccessWorld.SinkResponderId })).TransferId);
                break;
            case "ScheduleFollowUp":
                var dueAt = Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow() + TimeSpan.FromDays(1));
                Assert.Equal(FollowUpKind.CallBack, (await c.Cases.ScheduleFollowUpAsync(
                    new ScheduleFollowUpRequest { CaseId = w.CaseId, Kind = FollowUpKind.CallBack, DueAt = dueAt })).Kind);
                break;
            case "Close":
                Assert.Equal(CaseStatus.Closed, (await c.Cases.CloseAsync(new CloseCaseRequest { CaseId = w.CaseId })).Status);
                break;
            case "ClearNotSafe":
                Assert.Null((await c.Cases.ClearNotSafeAsync(new ClearNotSafeRequest { CaseId = w.CaseId })).CallerNotSafeSince);
                break;
            case "RecordOfflineContact":
                Assert.Equal(ContactStatus.Completed, (await c.Intake.RecordOfflineContactAsync(new RecordOfflineContactRequest
                {
                    RequestId = "walk-in-1", ResponderId = self, Channel = Channel.WalkIn, Language = "az", Location = "AZ-ISM",
                    StartedAt = Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow().AddHours(-2)), EndedAt = Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow().AddHours(-1)),
                })).Status);
                break;
            case "Reopen":
                Assert.Equal(CaseStatus.InProgress, (await c.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = w.CaseId })).Status);
                break;
            case "ListPartners":
                Assert.Contains((await c.Cases.ListPartnersAsync(new ListPartnersRequest { Region = People.Region })).Partners, p => p.OrganisationId == "vac");
                break;
            case "GetCaseAudit":
                Assert.NotEmpty((await c.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = w.CaseId })).Records);
                break;
            case "EraseCase":
                Assert.NotNull((await c.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = w.CaseId })).ErasedAt);
                break;
            case "EraseCaller":
                // A number nobody called from: the call is allowed and finds nothing.
                Assert.Empty((await c.Cases.EraseCallerAsync(new EraseCallerRequest { CallerReference = "+994 50 999 99 99" })).Cases);
                break;
            case "RevokeToken":
                // A token nobody holds: allowed, and it changes nothing any identity of the table uses.
                Assert.NotNull((await c.Staff.RevokeTokenAsync(new RevokeTokenRequest { TokenId = Guid.NewGuid().ToString("N") })).RevokedAt);
                break;
            case "RevokeSubject":
                Assert.NotNull((await c.Staff.RevokeSubjectAsync(new RevokeSubjectRequest { Subject = "former-volunteer" })).RevokedAt);
                break;
            case "DisableResponder":
                Assert.NotNull((await c.Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = self })).DisabledAt);
                break;
            case "EnableResponder":
                // The world's responder is enabled: allowed, and a repeat of what stands changes nothing.
                Assert.Null((await c.Staff.EnableResponderAsync(new ResponderAccessRequest { ResponderId = self })).DisabledAt);
                break;
            case "WatchQueues":
                using (var stream = c.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { People.Region } }))
                {
                    Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
                    Assert.Equal(People.Region, stream.ResponseStream.Current.Snapshot.Regions.Single().Region);
                }

                break;
            case "WatchResponders":
                using (var stream = c.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { People.Region } }))
                {
                    Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
                    Assert.Contains(stream.ResponseStream.Current.Responders, r => r.ResponderId == self);
                }

                break;
            case "ReassignContact":
                await c.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = w.ContactId, ResponderId = w.SecondResponderId });
                break;
            case "MoveContact":
                Assert.Equal(People.SecondRegionIn, (await c.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = w.ContactId, Region = People.SecondRegionIn })).Region);
                break;
            case "SetResponderPresence":
                Assert.Equal(RosterStatus.Away, (await c.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = self, Presence = Presence.Away })).Status);
                break;
            case "SetSurgeMode":
                var set = await c.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = People.SecondRegionIn, ToRegion = People.OtherRegion });
                Assert.Equal(People.OtherRegion, set.Surge.ToRegion);
                break;
            case "ClearSurgeMode":
                Assert.Null((await c.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest { Region = People.SecondRegionIn })).Surge);
                break;
            case "GetQueueStats":
                Assert.Equal(People.Region, (await c.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest { Regions = { People.Region } })).Regions.Single().Region);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rpc));
        }
    }
}
