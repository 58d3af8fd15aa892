using Hotline.Access;
using Hotline.Errors;

namespace Hotline.Tests.Domain;

/// <summary>The access rules the gateway used to write inline, checked without a host.</summary>
public sealed class AccessPolicyTests
{
    private static readonly Caller ShirvanSupervisor = new("sup-shirvan", Roles.Supervisor, ["mountainous-shirvan"], null);
    private static readonly Caller NationalSupervisor = new("sup-all", Roles.Supervisor, [Caller.AllRegions], null);
    private static readonly Caller Admin = new("admin", Roles.Admin, [], null);
    private static readonly Caller Responder = new("resp", Roles.Responder, ["baku"], "r-1");
    private static readonly Caller Operator = new("op", Roles.Operator, ["baku"], null);

    [Fact]
    public void AResponderIsReadByThemselvesAdminsAndSupervisorsOfTheirHomeRegion()
    {
        Assert.Equal(Roles.Responder, AccessPolicy.ReadResponder(Responder, "r-1", "baku"));
        Assert.Equal(Roles.None, AccessPolicy.ReadResponder(Responder, "r-2", "baku"));
        Assert.Equal(Roles.Admin, AccessPolicy.ReadResponder(Admin, "r-2", "baku"));
        Assert.Equal(Roles.Supervisor, AccessPolicy.ReadResponder(ShirvanSupervisor, "r-2", "mountainous-shirvan"));
        Assert.Equal(Roles.None, AccessPolicy.ReadResponder(ShirvanSupervisor, "r-2", "baku"));
        Assert.Equal(Roles.None, AccessPolicy.ReadResponder(Operator, "r-2", "baku"));

        Assert.False(AccessPolicy.MayReadResponders(Operator, "r-2"));
        Assert.False(AccessPolicy.MayReadResponders(Responder, "r-2"));
        Assert.True(AccessPolicy.MayReadResponders(ShirvanSupervisor, "r-2"));
    }

    [Fact]
    public void OnlyThoseWhoSeeTheWholeRosterLearnThatAResponderIsNotRegistered()
    {
        Assert.IsType<NotFoundException>(AccessPolicy.ResponderRefusal(Admin, "r-9"));
        Assert.IsType<NotFoundException>(AccessPolicy.ResponderRefusal(NationalSupervisor, "r-9"));
        Assert.Equal("ResponderId", Assert.IsType<PermissionDeniedException>(AccessPolicy.ResponderRefusal(ShirvanSupervisor, "r-9")).Field);
    }

    [Fact]
    public void ACaseListingIsNarrowedToWhatTheCallerMaySee()
    {
        Assert.Equal(["mountainous-shirvan"], List(ShirvanSupervisor, null, null).Regions);
        Assert.Null(List(NationalSupervisor, null, null).Regions);
        Assert.Equal("Regions", Assert.Throws<PermissionDeniedException>(() => List(ShirvanSupervisor, ["baku"], null)).Field);

        Assert.Equal("r-1", List(Responder, null, null).Owner);
        Assert.Equal("OwnerResponderId", Assert.Throws<PermissionDeniedException>(() => List(Responder, null, "r-2")).Field);

        Assert.Equal(("op", (string?)null), (List(Operator, null, null).OpenedBy, List(Operator, null, null).Owner));
        Assert.Throws<PermissionDeniedException>(() => List(Operator, null, "r-1"));
    }

    [Fact]
    public void AnOperatorListsOnlyTheCasesOpenedWithinTheirReadingTime()
    {
        Assert.Equal(Now - Terms.OperatorReadsFor, List(Operator, null, null).OpenedSince);
        Assert.Null(List(ShirvanSupervisor, null, null).OpenedSince);
        Assert.Null(List(Responder, null, null).OpenedSince);
    }

    [Fact]
    public void AResponderReadsWhileTheyWorkAndUntilTheirReadingTimeAfterTheirLastWork()
    {
        var working = Scope(("r-1", null));
        var finished = Scope(("r-1", Now - Terms.ResponderReadsFor + TimeSpan.FromSeconds(1)));
        var lapsed = Scope(("r-1", Now - Terms.ResponderReadsFor));

        Assert.Equal(Roles.Responder, AccessPolicy.Read(Responder, working, Terms, Now.AddYears(5)));
        Assert.Equal(Roles.Responder, AccessPolicy.Read(Responder, finished, Terms, Now));
        Assert.Equal(Roles.None, AccessPolicy.Read(Responder, lapsed, Terms, Now));
        Assert.Equal(Roles.None, AccessPolicy.Read(Responder with { ResponderId = "r-2" }, working, Terms, Now));
        Assert.Equal(Roles.Supervisor, AccessPolicy.Read(ShirvanSupervisor, lapsed, Terms, Now.AddYears(5)));
    }

    [Fact]
    public void AnOperatorReadsAndNotesWhatTheyOpenedUntilTheirReadingTimeFromOpening()
    {
        var opened = Scope() with { OpenedBy = "op", OpenedAt = Now - Terms.OperatorReadsFor + TimeSpan.FromSeconds(1) };
        var lapsed = opened with { OpenedAt = Now - Terms.OperatorReadsFor };

        Assert.Equal(Roles.Operator, AccessPolicy.Read(Operator, opened, Terms, Now));
        Assert.Equal(Roles.Operator, AccessPolicy.NoteOnCase(Operator, opened, null, Terms, Now));
        Assert.Equal(Roles.None, AccessPolicy.Read(Operator, lapsed, Terms, Now));
        Assert.Equal(Roles.None, AccessPolicy.NoteOnCase(Operator, lapsed, null, Terms, Now));
        Assert.Equal(Roles.None, AccessPolicy.Read(Operator with { Subject = "op-2" }, opened, Terms, Now));
    }

    private static readonly AccessOptions Terms = new();
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ListingScope List(Caller caller, IReadOnlyCollection<string>? regions, string? owner) =>
        AccessPolicy.ListCases(caller, regions, owner, Terms, Now);

    private static RecordScope Scope(params (string Responder, DateTimeOffset? LastWork)[] worked) =>
        new("mountainous-shirvan", "op-first", Now.AddDays(-400), worked.ToDictionary(w => w.Responder, w => w.LastWork));

    [Fact]
    public void ASupervisorWatchesOnlyTheirRegionsAndAWatchOfNothingIsRefused()
    {
        string[] all = ["baku", "mountainous-shirvan", "lankaran-astara"];

        Assert.Equal(["mountainous-shirvan"], AccessPolicy.SupervisedRegions(ShirvanSupervisor, all, named: false, refuseEmpty: true));
        Assert.Equal(all, AccessPolicy.SupervisedRegions(NationalSupervisor, all, named: false, refuseEmpty: true));
        Assert.Throws<PermissionDeniedException>(() => AccessPolicy.SupervisedRegions(ShirvanSupervisor, ["baku"], named: true, refuseEmpty: false));
        Assert.Empty(AccessPolicy.SupervisedRegions(Operator with { Roles = Roles.Supervisor, Regions = [] }, all, named: false, refuseEmpty: false));
        Assert.Throws<PermissionDeniedException>(() => AccessPolicy.SupervisedRegions(Operator with { Roles = Roles.Supervisor, Regions = [] }, all, named: false, refuseEmpty: true));
    }
}
