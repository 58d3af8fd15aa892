using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hotline.Hosting;
using Hotline.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Hotline.Tests.Security;

/// <summary>
/// Behind the gRPC front door: an Orleans client that is not one of the hotline's own
/// processes cannot attach to its silo, with the default service and cluster ids or not.
/// </summary>
public sealed class ClusterTransportTests
{
    [Fact]
    public async Task AnEmbeddedHotlineServesNoOrleansClientOnAnyOfItsPorts()
    {
        await using var host = await HotlineHost.StartAsync();
        var cluster = ClusterSettings.From(host.Services.GetRequiredService<IConfiguration>());

        // No gateway port is open; the silo port speaks TLS to the embedded certificate only.
        Assert.NotNull(await AttachAsync(cluster.GatewayPort, identity: null));
        Assert.NotNull(await AttachAsync(cluster.SiloPort, identity: null));
        Assert.NotNull(await AttachAsync(cluster.SiloPort, Foreign()));
    }

    [Fact]
    public async Task AClientGatewayPortTakesOnlyACertificateOfTheHotlinesOwnAuthority()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Cluster:AcceptClientGateways=true");
        var cluster = ClusterSettings.From(host.Services.GetRequiredService<IConfiguration>());

        Assert.NotNull(await AttachAsync(cluster.GatewayPort, identity: null));
        Assert.NotNull(await AttachAsync(cluster.GatewayPort, Foreign()));

        // The same client with the hotline's own certificate gets in: the refusals above are the certificate's.
        var own = ClusterTransport.EnsureEmbedded(Path.Combine(host.DataDirectory, "keys"));
        Assert.Null(await AttachAsync(cluster.GatewayPort, own));
    }

    [Fact]
    public void OnlyCertificatesSignedByTheHotlinesAuthorityAreAccepted()
    {
        using var authority = ClusterCertificates.CreateAuthority("Hotline CA", TimeSpan.FromDays(1));
        using var other = ClusterCertificates.CreateAuthority("Hotline CA", TimeSpan.FromDays(1));
        using var ours = ClusterCertificates.Issue(authority, "silo-1", TimeSpan.FromDays(1));
        using var theirs = ClusterCertificates.Issue(other, "silo-1", TimeSpan.FromDays(1));

        Assert.True(ClusterCertificates.IssuedBy(authority, ours));
        Assert.False(ClusterCertificates.IssuedBy(authority, theirs));
        // A CA certificate is not a process's certificate, even the hotline's own.
        Assert.False(ClusterCertificates.IssuedBy(authority, other));
    }

    [Fact]
    public void TheCertsCommandMakesOneAuthorityAndACertificatePerProcessThatAClusterAccepts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotline-certs", Guid.NewGuid().ToString("N"));
        try
        {
            CertificateCommand.Make(folder, ["silo-1", "gateway-1"], days: 30, TextWriter.Null);
            var authority = File.ReadAllText(Path.Combine(folder, CertificateCommand.AuthorityFile));
            // A second run adds a process under the same CA.
            CertificateCommand.Make(folder, ["silo-2"], days: 30, TextWriter.Null);
            Assert.Equal(authority, File.ReadAllText(Path.Combine(folder, CertificateCommand.AuthorityFile)));

            foreach (var name in new[] { "silo-1", "gateway-1", "silo-2" })
            {
                var identity = ClusterTransport.Resolve(Settings(
                    ("Hotline:Cluster:Tls:Certificate", Path.Combine(folder, $"{name}.pem")),
                    ("Hotline:Cluster:Tls:Key", Path.Combine(folder, $"{name}.key")),
                    ("Hotline:Cluster:Tls:Authority", Path.Combine(folder, CertificateCommand.AuthorityFile))), embedded: false);
                Assert.Equal($"CN={name}", identity!.Certificate.Subject);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, $"{name}.key")));
                }
            }
        }
        finally
        {
            HotlineHost.TryDelete(folder);
        }
    }

    [Fact]
    public void AClusterWithoutCertificatesRefusesToStartUnlessAllowedOnLoopback()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClusterTransport.Resolve(Settings(), embedded: false));
        Assert.Contains("Hotline:Cluster:Tls:Certificate", refused.Message, StringComparison.Ordinal);

        Assert.Null(ClusterTransport.Resolve(Settings(("Hotline:Cluster:AllowInsecureTransport", "true")), embedded: false));
        Assert.Throws<InvalidOperationException>(() => ClusterTransport.Resolve(
            Settings(("Hotline:Cluster:AllowInsecureTransport", "true"), ("Hotline:Cluster:ListenOnAnyAddress", "true")), embedded: false));
        Assert.Throws<InvalidOperationException>(() => ClusterTransport.Resolve(
            Settings(("Hotline:Cluster:AllowInsecureTransport", "true"), ("Hotline:Cluster:AdvertisedAddress", "10.0.0.5")), embedded: false));
    }

    /// <summary>Tries to attach an Orleans client to <paramref name="port"/>; the failure, or null when it got in.</summary>
    internal static async Task<Exception?> AttachAsync(int port, ClusterIdentity? identity)
    {
        using var client = new HostBuilder()
            .UseOrleansClient(builder =>
            {
                builder.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
                builder.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = ("hotline", "hotline"));
                builder.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
                if (identity is not null)
                {
                    builder.UseHotlineTls(identity);
                }
            })
            .Build();
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.StartAsync(timeout.Token);
            await client.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        });
        await client.StopAsync(CancellationToken.None);
        return failure;
    }

    /// <summary>A well-formed certificate from a CA that is not the hotline's.</summary>
    internal static ClusterIdentity Foreign()
    {
        var authority = ClusterCertificates.CreateAuthority("Hotline embedded CA", TimeSpan.FromDays(1));
        return new ClusterIdentity(
            X509CertificateLoader.LoadPkcs12(ClusterCertificates.Issue(authority, "hotline-embedded", TimeSpan.FromDays(1)).Export(X509ContentType.Pkcs12), null),
            [authority]);
    }

    /// <summary>The identity <paramref name="tls"/> describes, loaded as a hotline process loads it.</summary>
    internal static ClusterIdentity Load(ClusterTlsSettings tls) =>
        ClusterTransport.Resolve(Settings(
            ("Hotline:Cluster:Tls:Certificate", tls.Certificate),
            ("Hotline:Cluster:Tls:Key", tls.Key),
            ("Hotline:Cluster:Tls:Authority", tls.Authority)), embedded: false)!;

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
