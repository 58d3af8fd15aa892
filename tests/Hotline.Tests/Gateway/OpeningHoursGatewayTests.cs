using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Gateway;

/// <summary>
/// Opening hours through the API on the fake clock. The hotline starts at Tuesday 09:00 UTC
/// (the zone here); Baku's lines open at 10:00, so every intake at the start is out of hours.
/// </summary>
public sealed class OpeningHoursGatewayTests : IAsyncLifetime
{
    private static readonly string[] BakuFromTen = ["--Hotline:Supervision:TimeZone=UTC", "--Hotline:Regions:baku:Hours:Default:0=Mon-Fri 10:00-18:00"];

    private readonly LiveSettings _live = new();
    private HotlineHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task<HotlineHost> StartAsync(params string[] settings) =>
        _host = await HotlineHost.StartAsync(null, null, b => ((IConfigurationBuilder)b.Configuration).Add(_live), settings);

    [Fact]
    public async Task OutOfHoursAContactGoesToTheOnCallRegionWhenOneIsConfigured()
    {
        var host = await StartAsync([.. BakuFromTen, "--Hotline:Routing:OnCall=absheron-khizi"]);
        await using var onCall = await host.OnlineResponderAsync(Requests.Responder("on-call-1", "absheron-khizi"));

        var contact = await host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Assert.Equal(("absheron-khizi", null), (contact.Region, contact.CallBack));
        Assert.Null((await onCall.NextOfferAsync(contact.ContactId)).CallBack);
        // Its case stays Baku's.
        Assert.Equal("baku", (await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).Region);
    }

    [Fact]
    public async Task WithoutOnCallItWaitsAsACallBackOfferedWhenTheRegionOpensAndTheBoardShowsClosedUntilThen()
    {
        var host = await StartAsync(BakuFromTen);
        await using var desk = await host.OnlineResponderAsync(Requests.Responder("baku-morning", "baku"));
        var contact = await host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Assert.Equal(("baku", ContactStatus.Queued, CallBackReason.OutOfHours), (contact.Region, contact.Status, contact.CallBack.Reason));

        var closed = await host.QueueAsync("baku");
        Assert.True(closed.Opening.Closed);
        Assert.Equal(HotlineHost.Start.AddHours(1), closed.Opening.NextOpening.ToDateTimeOffset());
        Assert.Equal(1, closed.CallBacksWaiting);

        // A minute before the opening it is still held back.
        host.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await host.QueueAsync("baku")).Opening.Closed);
        Assert.False(desk.HasSeenOffer());

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var offer = await desk.NextOfferAsync(contact.ContactId);
        Assert.Equal(1, offer.CallBack.Attempt);
        var open = await host.QueueAsync("baku");
        Assert.False(open.Opening?.Closed ?? false);
    }

    [Fact]
    public async Task HoursChangedInTheSettingsTakeEffectWithoutARestart()
    {
        var host = await StartAsync("--Hotline:Supervision:TimeZone=UTC");
        await using var desk = await host.OnlineResponderAsync(Requests.Responder("baku-live", "baku"));
        Assert.Empty((await host.QueueAsync("baku")).Opening.ClosedChannels);

        _live.Set("Hotline:Regions:baku:Hours:Voice:0", "Mon-Fri 12:00-13:00");
        var closed = await host.QueueAsync("baku");
        Assert.Equal([Channel.Voice], closed.Opening.ClosedChannels);
        var contact = await host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Assert.Equal(CallBackReason.OutOfHours, contact.CallBack.Reason);

        // Opened now by the settings: the waiting call-back is offered.
        _live.Set("Hotline:Regions:baku:Hours:Voice:0", "Mon-Fri 08:00-13:00");
        Assert.Empty((await host.QueueAsync("baku")).Opening.ClosedChannels);
        Assert.Equal(1, (await desk.NextOfferAsync(contact.ContactId)).CallBack.Attempt);
    }

    /// <summary>Settings a test changes while the hotline runs, as an edited appsettings file would.</summary>
    private sealed class LiveSettings : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public override void Set(string key, string? value)
        {
            base.Set(key, value);
            OnReload();
        }
    }
}
