using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>
/// One hotline with three cases: two in Mountainous Shirvan (one taken by each of its
/// operators, the first accepted by a responder who now owns it) and one in Baku.
/// </summary>
public sealed class ListingScopeWorld : IAsyncLifetime
{
    public const string OwnerId = "r-owner";

    public HotlineHost Host { get; private set; } = null!;
    public string ShirvanMine { get; private set; } = "";
    public string ShirvanOther { get; private set; } = "";
    public string Baku { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = await HotlineHost.StartAsync();
        await using var owner = await Host.OnlineResponderAsync(Requests.Responder(OwnerId, People.Region));
        var mine = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await owner.NextOfferAsync(mine.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = OwnerId, ContactId = mine.ContactId });

        // Nobody speaks Lezgian: these two wait, owned by nobody.
        var other = await Host.As(People.OperatorOther).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var baku = await Host.As(People.OperatorOut).Intake.OpenContactAsync(Requests.Contact("AZ-BA", "lez"));
        (ShirvanMine, ShirvanOther, Baku) = (mine.CaseId, other.CaseId, baku.CaseId);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// ListCases without filters lists exactly what the caller may see: supervisors the cases of
/// their regions, responders the cases they own, operators the cases they opened; a responder
/// asking for someone else's cases is refused, not silently narrowed.
/// </summary>
public sealed class ListingScopeTests(ListingScopeWorld world) : IClassFixture<ListingScopeWorld>
{
    [Fact]
    public async Task EachCallerListsExactlyTheCasesInItsScope()
    {
        Assert.Equal([world.ShirvanMine], await ListAsync(People.OperatorIn));
        Assert.Equal([world.ShirvanOther], await ListAsync(People.OperatorOther));
        Assert.Equal([world.Baku], await ListAsync(People.OperatorOut));
        Assert.Equal([world.ShirvanMine], await ListAsync(HotlineHost.ResponderClaims(ListingScopeWorld.OwnerId)));
        Assert.Empty(await ListAsync(People.ResponderOther));
        Assert.Equal(new[] { world.ShirvanMine, world.ShirvanOther }.Order(), await ListAsync(People.SupervisorIn));
        Assert.Equal([world.Baku], await ListAsync(People.SupervisorOut));
        Assert.Equal(new[] { world.ShirvanMine, world.ShirvanOther, world.Baku }.Order(), await ListAsync(HotlineHost.Staff));
    }

    [Fact]
    public async Task AResponderMayListOnlyTheirOwnCases()
    {
        var owner = world.Host.As(HotlineHost.ResponderClaims(ListingScopeWorld.OwnerId)).Cases;
        var own = await owner.ListCasesAsync(new ListCasesRequest { OwnerResponderId = ListingScopeWorld.OwnerId });
        Assert.Equal([world.ShirvanMine], own.Cases.Select(c => c.CaseId));

        var others = world.Host.As(People.ResponderOther).Cases;
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            others.ListCasesAsync(new ListCasesRequest { OwnerResponderId = ListingScopeWorld.OwnerId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    private async Task<IEnumerable<string>> ListAsync(TokenClaims claims)
    {
        var listed = await world.Host.As(claims).Cases.ListCasesAsync(new ListCasesRequest());
        Assert.Empty(listed.NextPageToken);
        return listed.Cases.Select(c => c.CaseId).Order();
    }
}
