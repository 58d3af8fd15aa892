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
        Assert.Equal(["mountainous-shirvan"], AccessPolicy.ListCases(ShirvanSupervisor, null, null).Regions);
        Assert.Null(AccessPolicy.ListCases(NationalSupervisor, null, null).Regions);
        Assert.Equal("Regions", Assert.Throws<PermissionDeniedException>(() => AccessPolicy.ListCases(ShirvanSupervisor, ["baku"], null)).Field);

        Assert.Equal("r-1", AccessPolicy.ListCases(Responder, null, null).Owner);
        Assert.Equal("OwnerResponderId", Assert.Throws<PermissionDeniedException>(() => AccessPolicy.ListCases(Responder, null, "r-2")).Field);

        Assert.Equal(("op", (string?)null), (AccessPolicy.ListCases(Operator, null, null).OpenedBy, AccessPolicy.ListCases(Operator, null, null).Owner));
        Assert.Throws<PermissionDeniedException>(() => AccessPolicy.ListCases(Operator, null, "r-1"));
    }

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
