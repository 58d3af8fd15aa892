using System.Globalization;
using System.Net;
using Hotline.Api.V1;
using Hotline.Gateway.Telemetry;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Telemetry;

/// <summary>
/// The Prometheus endpoint of the real gateway, read as a scraper would: without a token,
/// on its own port, once per test (the exporter caches a scrape briefly).
/// The tests run alone (<see cref="MetricsCollection"/>): every host in the test process
/// names its meter alike, and the exporter merges instruments of one name, so a gauge of
/// another test's host could overwrite this one's. Counts are still checked as "at least".
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class TelemetryTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task AcceptedContactIsCountedWithItsRegionAndTimeToConnect()
    {
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        // Nobody is free for a quarter of an hour: the wait lands in the (900 s, 1800 s] bucket.
        Host.Clock.Advance(TimeSpan.FromMinutes(15));
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        await responder.NextOfferAsync(contact.ContactId);
        Host.Clock.Advance(TimeSpan.FromSeconds(10));
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });

        var metrics = await ScrapeAsync();
        (string, string)[] labels = [("region", Shirvan), ("channel", "voice"), ("kind", "contact")];
        Assert.True(Value(metrics, "hotline_offers_made_total", labels) >= 1, "the offer is counted");
        Assert.True(Value(metrics, "hotline_offers_accepted_total", labels) >= 1, "the acceptance is counted");
        Assert.True(Value(metrics, "hotline_contacts_time_to_offer_seconds_count", labels) >= 1, "the time to offer is recorded");
        var connectedWithinHalfAnHour = Value(metrics, "hotline_contacts_time_to_connect_seconds_bucket", [.. labels, ("le", "1800")]);
        var connectedWithinFifteenMinutes = Value(metrics, "hotline_contacts_time_to_connect_seconds_bucket", [.. labels, ("le", "900")]);
        Assert.True(connectedWithinHalfAnHour - connectedWithinFifteenMinutes >= 1, "a connection after 15 min 10 s is in the (900, 1800] bucket");
    }

    [Fact]
    public async Task WaitingContactsShowInTheirRegionsGauge()
    {
        await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await Host.Intake.OpenContactAsync(Requests.Contact("baku"));

        Assert.True(Value(await ScrapeAsync(), "hotline_contacts_waiting", ("region", "baku")) >= 2, "both waiting contacts are in Baku's gauge");
    }

    [Fact]
    public async Task OfferRunningOutIsCountedAsMissed()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);

        Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await responder.NextAsync(e => e.PresenceChanged == Presence.Away, "presence set to away after the missed offer");

        Assert.True(Value(await ScrapeAsync(), "hotline_offers_missed_total", ("region", Shirvan), ("kind", "contact")) >= 1, "the missed offer is counted");
    }

    [Fact]
    public async Task MarkerInPersonalFieldsNeverReachesMetrics()
    {
        var marker = $"CANARY{Guid.NewGuid():N}";
        var profile = Requests.Responder("shirvan-1", Shirvan);
        profile.DisplayName = $"Aysel {marker}";
        await using var responder = await Host.OnlineResponderAsync(profile);

        var request = Requests.ContactCarrying(marker);
        var contact = await Host.Intake.OpenContactAsync(request);
        Assert.Contains(marker, (await responder.NextOfferAsync(contact.ContactId)).Summary);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });

        var metrics = await ScrapeAsync();
        Assert.True(Value(metrics, "hotline_offers_accepted_total", ("region", Shirvan)) >= 1, "the scrape holds the hotline's figures");
        Assert.DoesNotContain(marker, metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(contact.ContactId, metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(contact.CaseId, metrics, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheFiguresAreServedOnTheMetricsPortAloneNotOnTheGrpcPort()
    {
        var metrics = GatewayTelemetry.MetricsUrl(Host.Services.GetRequiredService<IConfiguration>())!;
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(metrics.Host)));
        Assert.NotEqual(new Uri(Host.Address).Port, metrics.Port);

        using var grpcPort = new HttpClient
        {
            BaseAddress = new Uri(Host.Address),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        // Even signed in, there is nothing there.
        grpcPort.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Host.Token(HotlineHost.Staff));
        using var refused = await grpcPort.GetAsync(new Uri(GatewayTelemetry.ScrapePath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // Nothing but the figures on the metrics port: no health, no gRPC.
        using var metricsPort = new HttpClient { BaseAddress = metrics };
        using var health = await metricsPort.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        Assert.Contains("hotline_", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheMetricsPortIsOnLoopbackUnlessConfiguredAndCanBeTurnedOff()
    {
        static IConfiguration With(string? url) => new ConfigurationBuilder()
            .AddInMemoryCollection(url is null ? [] : [new KeyValuePair<string, string?>(GatewayTelemetry.MetricsUrlSetting, url)]).Build();

        Assert.Equal(new Uri("http://127.0.0.1:9464"), GatewayTelemetry.MetricsUrl(With(null)));
        Assert.Null(GatewayTelemetry.MetricsUrl(With("")));
        Assert.Equal(9100, GatewayTelemetry.MetricsUrl(With("http://0.0.0.0:9100"))!.Port);
        Assert.Throws<InvalidOperationException>(() => GatewayTelemetry.MetricsUrl(With("https://127.0.0.1:9464")));
        Assert.Throws<InvalidOperationException>(() => GatewayTelemetry.MetricsUrl(With("http://127.0.0.1:9464/metrics")));
    }

    /// <summary>GET /metrics with no token, on the gateway's metrics port, as Prometheus scrapes (HTTP/1.1).</summary>
    private async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = GatewayTelemetry.MetricsUrl(Host.Services.GetRequiredService<IConfiguration>()) };
        using var response = await http.GetAsync(new Uri(GatewayTelemetry.ScrapePath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> that carry every one of <paramref name="labels"/>.</summary>
    private static double Value(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        var total = 0.0;
        var found = false;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal) || labels.Any(l => !line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                continue;
            }

            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            total += double.Parse(value, CultureInfo.InvariantCulture);
            found = true;
        }

        Assert.True(found, $"no sample of {metric} with {string.Join(", ", labels)} in:\n{exposition}");
        return total;
    }
}

/// <summary>Tests that read the hotline's own gauges: no other hotline runs in the process meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
