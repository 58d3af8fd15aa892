using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>One hotline for the whole class, with a responder of Mountainous Shirvan who takes its cases.</summary>
public sealed class CaseBadInputHost : IAsyncLifetime
{
    public const string OwnerId = "bad-input-owner";

    /// <summary>A registered responder of Baku who stays offline: transfers to them wait in Baku's queue.</summary>
    public const string ElsewhereId = "bad-input-elsewhere";

    public HotlineHost Host { get; private set; } = null!;

    public CaseScenario Cases { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await HotlineHost.StartAsync();
        var owner = await Host.OnlineResponderAsync(Requests.Responder(OwnerId, CaseScenario.Region, voice: 20));
        await Host.Responders.UpsertResponderAsync(Requests.Responder(ElsewhereId, "baku"));
        Cases = new CaseScenario(Host, owner);
    }

    public async Task DisposeAsync()
    {
        await Cases.Owner.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>
    /// A Mountainous Shirvan case its owner works: taken, a note written (in progress), its
    /// contact completed so the owner's capacity is free for the next one. No consents given.
    /// </summary>
    public async Task<string> WorkedCaseAsync()
    {
        var contact = await Cases.InProgressAsync();
        await Cases.CompleteAsync(contact);
        return contact.CaseId;
    }

    /// <summary>A worked case referred to the in-house shelter (no consent needed); returns the case and the referral.</summary>
    public async Task<(string CaseId, string ReferralId)> ReferredCaseAsync()
    {
        var caseId = await WorkedCaseAsync();
        var referral = await Host.Cases.ReferAsync(new ReferRequest { CaseId = caseId, Service = ServiceType.Shelter, OrganisationId = "vac" });
        return (caseId, referral.ReferralId);
    }
}

/// <summary>
/// The case file's work RPCs refuse bad input before anything changes: INVALID_ARGUMENT naming
/// the field and the rule, or FAILED_PRECONDITION naming it when the rule depends on the case
/// (its consents, its region). Refused calls write nothing and leave the case as it was.
/// Every table row spoils one field of a request that is otherwise accepted (see
/// <see cref="TheUnspoiledRequestsAreAccepted"/>).
/// </summary>
public sealed class CaseBadInputTests(CaseBadInputHost fixture) : IClassFixture<CaseBadInputHost>
{
    private const StatusCode Invalid = StatusCode.InvalidArgument;
    private const StatusCode Precondition = StatusCode.FailedPrecondition;

    private HotlineHost Host => fixture.Host;

    private static string Long(int length) => new('x', length);

    private static AddNoteRequest GoodNote(string caseId) => new() { CaseId = caseId, Text = "Caller is staying with a cousin for now" };

    private static UpdateCaseFactsRequest GoodFacts(string caseId) => new() { CaseId = caseId, RiskLevel = RiskLevel.High };

    private static ReferRequest GoodReferral(string caseId) => new() { CaseId = caseId, Service = ServiceType.Psychosocial, OrganisationId = "vac" };

    private static UpdateReferralRequest GoodReferralUpdate(string caseId, string referralId) =>
        new() { CaseId = caseId, ReferralId = referralId, Status = ReferralStatus.Accepted };

    private static TransferRequest GoodTransfer(string caseId) => new() { CaseId = caseId, ToRegion = "baku", Reason = "Caller moved to Baku" };

    private static ScheduleFollowUpRequest GoodFollowUp(string caseId, string referralId, DateTimeOffset now) => new()
    {
        CaseId = caseId,
        Kind = FollowUpKind.CheckReferral,
        DueAt = Timestamp.FromDateTimeOffset(now + TimeSpan.FromDays(2)),
        ReferralId = referralId,
        Note = "Ask whether the shelter place came through",
    };

    public static TheoryData<string, Action<AddNoteRequest>, StatusCode, string, string> BadNotes => new()
    {
        { "missing case id", r => r.CaseId = "", Invalid, "case_id", "is required" },
        { "case id not a uuid", r => r.CaseId = "case-1", Invalid, "case_id", "must be a UUID" },
        { "empty text", r => r.Text = "", Invalid, "text", "is required" },
        { "blank text", r => r.Text = "   ", Invalid, "text", "is required" },
        { "text over 4000 characters", r => r.Text = Long(4001), Invalid, "text", "must be at most 4000 characters" },
        { "corrects_note_id not a uuid", r => r.CorrectsNoteId = "note-1", Invalid, "corrects_note_id", "must be a UUID" },
        { "corrects_note_id names no note of the case", r => r.CorrectsNoteId = Guid.NewGuid().ToString(), Invalid, "corrects_note_id", "names no note of this case" },
    };

    [Theory]
    [MemberData(nameof(BadNotes))]
    public async Task AddNoteRefusesBadInputNamingTheFieldAndChangesNothing(string why, Action<AddNoteRequest> spoil, StatusCode expected, string field, string rule)
    {
        var caseId = await fixture.WorkedCaseAsync();
        var request = GoodNote(caseId);
        spoil(request);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.AddNoteAsync(request).ResponseAsync, expected, field, rule, why);
    }

    public static TheoryData<string, Action<UpdateCaseFactsRequest>, StatusCode, string, string> BadFacts => new()
    {
        { "nothing given", r => r.ClearRiskLevel(), Invalid, "exploitation_type", "at least one of exploitation_type, risk_level, victim_status or consents must be given" },
        { "risk level given as unspecified", r => r.RiskLevel = RiskLevel.Unspecified, Invalid, "risk_level", "must be one of LOW, MEDIUM, HIGH, IMMINENT_DANGER" },
        { "unknown risk level number", r => r.RiskLevel = (RiskLevel)99, Invalid, "risk_level", "must be one of" },
        { "exploitation type given as unspecified", r => r.ExploitationType = ExploitationType.Unspecified, Invalid, "exploitation_type", "must be one of" },
        { "victim status given as unspecified", r => r.VictimStatus = VictimStatus.Unspecified, Invalid, "victim_status", "must be one of" },
        { "safe hours over 200 characters", r => r.Consents = new Consents { ContactBack = true, SafeHours = Long(201) }, Invalid, "consents.safe_hours", "must be at most 200 characters" },
        { "unknown safe channel number", r => r.Consents = new Consents { ContactBack = true, SafeChannel = (Channel)99 }, Invalid, "consents.safe_channel", "must be" },
    };

    [Theory]
    [MemberData(nameof(BadFacts))]
    public async Task UpdateCaseFactsRefusesBadInputNamingTheFieldAndChangesNothing(string why, Action<UpdateCaseFactsRequest> spoil, StatusCode expected, string field, string rule)
    {
        var caseId = await fixture.WorkedCaseAsync();
        var request = GoodFacts(caseId);
        spoil(request);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.UpdateCaseFactsAsync(request).ResponseAsync, expected, field, rule, why);
    }

    public static TheoryData<string, Action<ReferRequest>, StatusCode, string, string> BadReferrals => new()
    {
        { "case id not a uuid", r => r.CaseId = "case-1", Invalid, "case_id", "must be a UUID" },
        { "service unspecified", r => r.Service = ServiceType.Unspecified, Invalid, "service", "must be one of SHELTER, LEGAL_AID" },
        { "unknown service number", r => r.Service = (ServiceType)99, Invalid, "service", "must be one of" },
        { "missing organisation", r => r.OrganisationId = "", Invalid, "organisation_id", "is required" },
        { "unknown organisation", r => r.OrganisationId = "no-such-partner", Invalid, "organisation_id", "is not in the partner directory" },
        {
            "organisation that does not offer the service",
            r => (r.OrganisationId, r.Service) = ("bar-legal-aid", ServiceType.Shelter),
            Invalid, "organisation_id", "'bar-legal-aid' does not offer"
        },
        { "override reason over 500 characters", r => r.OverrideReason = Long(501), Invalid, "override_reason", "must be at most 500 characters" },
        {
            "outside organisation without consent or override",
            r => (r.OrganisationId, r.Service) = ("bar-legal-aid", ServiceType.LegalAid),
            Precondition, "consents.share_with_partners", "has not agreed to share"
        },
        {
            "organisation serving another region",
            r => (r.OrganisationId, r.Service) = ("example-lankaran-health", ServiceType.Medical),
            Precondition, "organisation_id", "does not serve mountainous-shirvan"
        },
    };

    [Theory]
    [MemberData(nameof(BadReferrals))]
    public async Task ReferRefusesBadInputNamingTheFieldAndChangesNothing(string why, Action<ReferRequest> spoil, StatusCode expected, string field, string rule)
    {
        var caseId = await fixture.WorkedCaseAsync();
        var request = GoodReferral(caseId);
        spoil(request);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.ReferAsync(request).ResponseAsync, expected, field, rule, why);
    }

    public static TheoryData<string, Action<UpdateReferralRequest>, StatusCode, string, string> BadReferralUpdates => new()
    {
        { "missing referral id", r => r.ReferralId = "", Invalid, "referral_id", "is required" },
        { "referral id not a uuid", r => r.ReferralId = "referral-1", Invalid, "referral_id", "must be a UUID" },
        { "status requested", r => r.Status = ReferralStatus.Requested, Invalid, "status", "must be ACCEPTED, DECLINED or COMPLETED" },
        { "status unspecified", r => r.Status = ReferralStatus.Unspecified, Invalid, "status", "must be ACCEPTED, DECLINED or COMPLETED" },
        { "unknown status number", r => r.Status = (ReferralStatus)99, Invalid, "status", "must be ACCEPTED, DECLINED or COMPLETED" },
        { "no referral of this case", r => r.ReferralId = Guid.NewGuid().ToString(), Invalid, "referral_id", "names no referral of this case" },
    };

    [Theory]
    [MemberData(nameof(BadReferralUpdates))]
    public async Task UpdateReferralRefusesBadInputNamingTheFieldAndChangesNothing(string why, Action<UpdateReferralRequest> spoil, StatusCode expected, string field, string rule)
    {
        var (caseId, referralId) = await fixture.ReferredCaseAsync();
        var request = GoodReferralUpdate(caseId, referralId);
        spoil(request);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.UpdateReferralAsync(request).ResponseAsync, expected, field, rule, why);
    }

    [Fact]
    public async Task AReferralOfAnotherCaseIsNoReferralOfThisOne()
    {
        var (caseId, _) = await fixture.ReferredCaseAsync();
        var (_, othersReferral) = await fixture.ReferredCaseAsync();
        var request = GoodReferralUpdate(caseId, othersReferral);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.UpdateReferralAsync(request).ResponseAsync,
            Invalid, "referral_id", "names no referral of this case", "a referral of another case");
    }

    public static TheoryData<string, Action<TransferRequest>, StatusCode, string, string> BadTransfers => new()
    {
        { "case id not a uuid", r => r.CaseId = "case-1", Invalid, "case_id", "must be a UUID" },
        { "neither responder nor region", r => r.ToRegion = "", Invalid, "to_responder_id", "a responder or a region (to_region) is required" },
        { "unknown region", r => r.ToRegion = "atlantis", Invalid, "to_region", "is not a known region or district code" },
        { "unknown district", r => r.ToRegion = "AZ-ZZZ", Invalid, "to_region", "is not a known region or district code" },
        { "badly formed responder id", r => (r.ToResponderId, r.ToRegion) = ("Bad Id", ""), Invalid, "to_responder_id", "must be lower-case letters" },
        { "responder id too long", r => (r.ToResponderId, r.ToRegion) = (Long(65), ""), Invalid, "to_responder_id", "must be at most 64 characters" },
        { "unregistered responder", r => (r.ToResponderId, r.ToRegion) = ("ghost", ""), Invalid, "to_responder_id", "names no registered responder" },
        { "unregistered responder and a region", r => r.ToResponderId = "ghost", Invalid, "to_responder_id", "names no registered responder" },
        { "reason over 500 characters", r => r.Reason = Long(501), Invalid, "reason", "must be at most 500 characters" },
    };

    [Theory]
    [MemberData(nameof(BadTransfers))]
    public async Task TransferRefusesBadInputNamingTheFieldAndChangesNothing(string why, Action<TransferRequest> spoil, StatusCode expected, string field, string rule)
    {
        var caseId = await fixture.WorkedCaseAsync();
        var request = GoodTransfer(caseId);
        spoil(request);

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.TransferAsync(request).ResponseAsync, expected, field, rule, why);
    }

    public static TheoryData<string, Action<ScheduleFollowUpRequest, DateTimeOffset>, StatusCode, string, string> BadFollowUps => new()
    {
        { "case id not a uuid", (r, _) => r.CaseId = "case-1", Invalid, "case_id", "must be a UUID" },
        { "kind unspecified", (r, _) => r.Kind = FollowUpKind.Unspecified, Invalid, "kind", "must be one of CALL_BACK, CHECK_REFERRAL" },
        { "unknown kind number", (r, _) => r.Kind = (FollowUpKind)9, Invalid, "kind", "must be one of CALL_BACK, CHECK_REFERRAL" },
        { "due_at missing", (r, _) => r.DueAt = null, Invalid, "due_at", "is required" },
        { "due_at with negative nanos", (r, _) => r.DueAt = new Timestamp { Seconds = r.DueAt.Seconds, Nanos = -1 }, Invalid, "due_at", "must be a valid timestamp" },
        { "due_at beyond year 9999", (r, _) => r.DueAt = new Timestamp { Seconds = 253_402_300_800 }, Invalid, "due_at", "must be a valid timestamp" },
        { "due_at in the past", (r, now) => r.DueAt = Timestamp.FromDateTimeOffset(now - TimeSpan.FromHours(1)), Invalid, "due_at", "must be in the future and within 366 days" },
        { "due_at now", (r, now) => r.DueAt = Timestamp.FromDateTimeOffset(now), Invalid, "due_at", "must be in the future and within 366 days" },
        {
            "due_at more than 366 days ahead",
            (r, now) => r.DueAt = Timestamp.FromDateTimeOffset(now + TimeSpan.FromDays(366) + TimeSpan.FromMinutes(1)),
            Invalid, "due_at", "must be in the future and within 366 days"
        },
        { "referral check without referral_id", (r, _) => r.ReferralId = "", Invalid, "referral_id", "is required for a referral check" },
        { "referral_id not a uuid", (r, _) => r.ReferralId = "referral-1", Invalid, "referral_id", "must be a UUID" },
        { "referral check of no referral of the case", (r, _) => r.ReferralId = Guid.NewGuid().ToString(), Invalid, "referral_id", "must name a referral of this case" },
        { "note over 500 characters", (r, _) => r.Note = Long(501), Invalid, "note", "must be at most 500 characters" },
        {
            "call-back without contact-back consent",
            (r, _) => (r.Kind, r.ReferralId) = (FollowUpKind.CallBack, ""),
            Precondition, "consents.contact_back", "has not agreed to be contacted back"
        },
    };

    [Theory]
    [MemberData(nameof(BadFollowUps))]
    public async Task ScheduleFollowUpRefusesBadInputNamingTheFieldAndChangesNothing(
        string why, Action<ScheduleFollowUpRequest, DateTimeOffset> spoil, StatusCode expected, string field, string rule)
    {
        var (caseId, referralId) = await fixture.ReferredCaseAsync();
        var request = GoodFollowUp(caseId, referralId, Host.Clock.GetUtcNow());
        spoil(request, Host.Clock.GetUtcNow());

        await AssertRefusedAndUnchangedAsync(caseId, () => Host.Cases.ScheduleFollowUpAsync(request).ResponseAsync, expected, field, rule, why);
    }

    /// <summary>Every RPC that names a case checks the id before anything else.</summary>
    public static TheoryData<string, Func<HotlineHost, string, Task>> CaseIdCalls => new()
    {
        { "GetHistory", (h, id) => h.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = id }).ResponseAsync },
        { "AddNote", (h, id) => h.Cases.AddNoteAsync(new AddNoteRequest { CaseId = id, Text = "note" }).ResponseAsync },
        { "UpdateCaseFacts", (h, id) => h.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = id, RiskLevel = RiskLevel.Low }).ResponseAsync },
        { "Refer", (h, id) => h.Cases.ReferAsync(new ReferRequest { CaseId = id, Service = ServiceType.Shelter, OrganisationId = "vac" }).ResponseAsync },
        {
            "UpdateReferral",
            (h, id) => h.Cases.UpdateReferralAsync(new UpdateReferralRequest { CaseId = id, ReferralId = Guid.NewGuid().ToString(), Status = ReferralStatus.Accepted }).ResponseAsync
        },
        { "Transfer", (h, id) => h.Cases.TransferAsync(new TransferRequest { CaseId = id, ToRegion = "baku" }).ResponseAsync },
        {
            "ScheduleFollowUp",
            (h, id) => h.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
            {
                CaseId = id, Kind = FollowUpKind.CallBack, DueAt = Timestamp.FromDateTimeOffset(h.Clock.GetUtcNow() + TimeSpan.FromDays(1)),
            }).ResponseAsync
        },
        { "Close", (h, id) => h.Cases.CloseAsync(new CloseCaseRequest { CaseId = id }).ResponseAsync },
        { "Reopen", (h, id) => h.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = id }).ResponseAsync },
    };

    [Theory]
    [MemberData(nameof(CaseIdCalls))]
    public async Task EveryCaseRpcRefusesAMissingOrMalformedCaseIdAndFindsNoUnknownCase(string rpc, Func<HotlineHost, string, Task> call)
    {
        var writes = Host.Storage.Writes;

        var missing = await Assert.ThrowsAsync<RpcException>(() => call(Host, ""));
        AssertRefusal(missing, Invalid, "case_id", "is required", $"{rpc} without a case id");
        var malformed = await Assert.ThrowsAsync<RpcException>(() => call(Host, "case-1"));
        AssertRefusal(malformed, Invalid, "case_id", "must be a UUID", $"{rpc} with a case id that is not a UUID");
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => call(Host, Guid.NewGuid() + "0"));
        AssertRefusal(tooLong, Invalid, "case_id", "must be a UUID", $"{rpc} with a case id over 36 characters");

        var unknownId = Guid.NewGuid().ToString();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => call(Host, unknownId));
        Assert.True(unknown.StatusCode == StatusCode.NotFound, $"{rpc} of an unknown case: expected NotFound, got {unknown.StatusCode} ({unknown.Status.Detail})");

        Assert.Equal(writes, Host.Storage.Writes);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = unknownId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    public static TheoryData<string, Action<ListCasesRequest>, string, string> BadListings => new()
    {
        { "page size -1", r => r.PageSize = -1, "page_size", "must be 0 to 500" },
        { "page size 501", r => r.PageSize = 501, "page_size", "must be 0 to 500" },
        { "unknown region code", r => r.Regions.Add("atlantis"), "regions", "is not one of" },
        { "district code instead of a region code", r => r.Regions.Add("AZ-ISM"), "regions", "is not one of" },
        { "region listed twice", r => r.Regions.Add(["baku", "baku"]), "regions", "lists the same value twice" },
        { "status unspecified", r => r.Statuses.Add(CaseStatus.Unspecified), "statuses", "each must be NEW, ASSIGNED, IN_PROGRESS, REFERRED or CLOSED" },
        { "unknown status number", r => r.Statuses.Add((CaseStatus)99), "statuses", "each must be NEW, ASSIGNED, IN_PROGRESS, REFERRED or CLOSED" },
        { "status listed twice", r => r.Statuses.Add([CaseStatus.Closed, CaseStatus.Closed]), "statuses", "listed twice" },
        { "badly formed owner", r => r.OwnerResponderId = "Bad Owner", "owner_responder_id", "must be lower-case letters" },
        { "garbage page token", r => r.PageToken = "not-a-token", "page_token", "is not a token this listing gave" },
        { "page token not base64", r => r.PageToken = "%%%", "page_token", "is not a token this listing gave" },
        { "page token too long", r => r.PageToken = Long(101), "page_token", "is not a token this listing gave" },
    };

    [Theory]
    [MemberData(nameof(BadListings))]
    public async Task ListCasesRefusesBadInputNamingTheField(string why, Action<ListCasesRequest> spoil, string field, string rule)
    {
        await fixture.WorkedCaseAsync();
        var good = new ListCasesRequest { Regions = { CaseScenario.Region }, PageSize = 10 };
        Assert.NotEmpty((await Host.Cases.ListCasesAsync(good)).Cases);
        var bad = good.Clone();
        spoil(bad);
        var writes = Host.Storage.Writes;

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Cases.ListCasesAsync(bad).ResponseAsync);

        AssertRefusal(error, Invalid, field, rule, why);
        Assert.Equal(writes, Host.Storage.Writes);
    }

    [Fact]
    public async Task ATokenTheListingGaveIsAcceptedWhereGarbageIsNot()
    {
        await fixture.WorkedCaseAsync();
        await fixture.WorkedCaseAsync();
        var first = await Host.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        var second = await Host.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1, PageToken = first.NextPageToken });
        Assert.NotEqual(first.Cases.Single().CaseId, second.Cases.Single().CaseId);

        var spoiled = await Assert.ThrowsAsync<RpcException>(() =>
            Host.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1, PageToken = first.NextPageToken[..^2] + "!!" }).ResponseAsync);
        AssertRefusal(spoiled, Invalid, "page_token", "is not a token this listing gave", "a token with its end changed");
    }

    public static TheoryData<string, Action<ListPartnersRequest>, string, string> BadPartnerQueries => new()
    {
        { "unknown region", r => r.Region = "atlantis", "region", "is not one of" },
        { "district code instead of a region code", r => r.Region = "AZ-ISM", "region", "is not one of" },
        { "unknown service number", r => r.Service = (ServiceType)99, "service", "must be a known service or unspecified" },
    };

    [Theory]
    [MemberData(nameof(BadPartnerQueries))]
    public async Task ListPartnersRefusesBadInputNamingTheField(string why, Action<ListPartnersRequest> spoil, string field, string rule)
    {
        var good = new ListPartnersRequest { Region = CaseScenario.Region, Service = ServiceType.Shelter };
        Assert.Contains((await Host.Cases.ListPartnersAsync(good)).Partners, p => p.OrganisationId == "vac");
        var bad = good.Clone();
        spoil(bad);
        var writes = Host.Storage.Writes;

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Cases.ListPartnersAsync(bad).ResponseAsync);

        AssertRefusal(error, Invalid, field, rule, why);
        Assert.Equal(writes, Host.Storage.Writes);
    }

    [Fact]
    public async Task EveryViolationOfARequestIsNamedAtOnce()
    {
        var caseId = await fixture.WorkedCaseAsync();
        var request = new ScheduleFollowUpRequest { CaseId = caseId, Kind = FollowUpKind.Unspecified, ReferralId = "referral-1", Note = Long(501) };

        var before = await fixture.Cases.ReadAsync(caseId);
        var writes = Host.Storage.Writes;

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Cases.ScheduleFollowUpAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);
        Assert.Equal(["due_at", "kind", "note", "referral_id"], fields);
        Assert.All(fields, f => Assert.Contains($"{f}: ", error.Status.Detail, StringComparison.Ordinal));
        Assert.Equal(writes, Host.Storage.Writes);
        Assert.Equal(before, await fixture.Cases.ReadAsync(caseId));
    }

    /// <summary>The rows above spoil requests that are accepted as they are, so each row's refusal is its spoiled field's doing.</summary>
    [Fact]
    public async Task TheUnspoiledRequestsAreAccepted()
    {
        var caseId = await fixture.WorkedCaseAsync();
        var note = await Host.Cases.AddNoteAsync(GoodNote(caseId));
        await Host.Cases.AddNoteAsync(new AddNoteRequest { CaseId = caseId, Text = "Correction: staying with an aunt", CorrectsNoteId = note.NoteId });
        Assert.Equal(RiskLevel.High, (await Host.Cases.UpdateCaseFactsAsync(GoodFacts(caseId))).Facts.RiskLevel);
        var referral = await Host.Cases.ReferAsync(GoodReferral(caseId));
        Assert.Equal(ReferralStatus.Accepted, (await Host.Cases.UpdateReferralAsync(GoodReferralUpdate(caseId, referral.ReferralId))).Status);
        var followUp = await Host.Cases.ScheduleFollowUpAsync(GoodFollowUp(caseId, referral.ReferralId, Host.Clock.GetUtcNow()));
        Assert.Equal(FollowUpKind.CheckReferral, followUp.Kind);
        var transfer = await Host.Cases.TransferAsync(GoodTransfer(caseId));
        Assert.Equal(transfer.TransferId, (await fixture.Cases.ReadAsync(caseId)).PendingTransferId);

        var other = await fixture.WorkedCaseAsync();
        Assert.Equal(ReferralStatus.Requested, (await Host.Cases.ReferAsync(new ReferRequest
        {
            CaseId = other, Service = ServiceType.Psychosocial, OrganisationId = "vac", OverrideReason = Long(500),
        })).Status);
        var toResponder = await Host.Cases.TransferAsync(new TransferRequest { CaseId = other, ToResponderId = CaseBadInputHost.ElsewhereId, Reason = Long(500) });
        Assert.NotEqual("", toResponder.TransferId);
    }

    /// <summary>
    /// Makes the call, expecting it refused with <paramref name="expected"/> naming
    /// <paramref name="field"/> and its <paramref name="rule"/>; then no storage write has
    /// happened and the case reads as it did before.
    /// </summary>
    private async Task AssertRefusedAndUnchangedAsync(string caseId, Func<Task> call, StatusCode expected, string field, string rule, string why)
    {
        var before = await fixture.Cases.ReadAsync(caseId);
        var writes = Host.Storage.Writes;

        var error = await Assert.ThrowsAsync<RpcException>(call);

        AssertRefusal(error, expected, field, rule, why);
        Assert.True(writes == Host.Storage.Writes, $"{why}: {Host.Storage.Writes - writes} storage write(s) after a refused call");
        Assert.Equal(before, await fixture.Cases.ReadAsync(caseId));
    }

    private static void AssertRefusal(RpcException error, StatusCode expected, string field, string rule, string why)
    {
        Assert.True(error.StatusCode == expected, $"{why}: expected {expected}, got {error.StatusCode} ({error.Status.Detail})");
        if (expected == StatusCode.InvalidArgument)
        {
            var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
            Assert.NotNull(details);
            Assert.True(details.FieldViolations.Any(v => v.Field == field && v.Description.Contains(rule, StringComparison.Ordinal)),
                $"{why}: expected a violation of {field} saying '{rule}', got: {error.Status.Detail}");
            Assert.True(details.FieldViolations.All(v => v.Field == field), $"{why}: expected only {field} to be named, got: {error.Status.Detail}");

            Assert.Contains($"{field}: ", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(rule, error.Status.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(error.Status.Detail.StartsWith($"{field}: ", StringComparison.Ordinal), $"{why}: expected the message to name {field}, got: {error.Status.Detail}");
            Assert.Contains(rule, error.Status.Detail, StringComparison.Ordinal);
        }
    }
}
