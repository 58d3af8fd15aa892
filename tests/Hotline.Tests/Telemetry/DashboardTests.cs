using System.Net;
using System.Net.Http.Headers;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Telemetry;

/// <summary>The Orleans dashboard: off by default; when turned on, only admins reach it.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task OffByDefault()
    {
        await using var host = await HotlineHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(host, host.Token(new TokenClaims("admin-1", ["admin"], []))));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(host, host.Token(new TokenClaims("admin-1", ["admin"], [])), "/dashboard/ClusterStats"));
    }

    [Fact]
    public async Task WhenOnOnlyAdminsReachIt()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Dashboard:Enabled=true");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(host, token: null));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(host, host.Token(new TokenClaims("sup-1", ["supervisor", "operator"], ["*"]))));
        var admin = host.Token(new TokenClaims("admin-1", ["admin"], []));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, admin));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, admin, "/dashboard/ClusterStats"));

        // What grains hold in memory is never shown, not even to admins.
        var contact = await host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(host, admin, $"/dashboard/GrainState?grainType=contact&grainId={contact.ContactId}"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(host, admin, "/dashboard/Trace"));
    }

    private static async Task<HttpStatusCode> GetAsync(HotlineHost host, string? token, string path = "/dashboard/")
    {
        using var http = new HttpClient
        {
            BaseAddress = new Uri(host.Address),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
