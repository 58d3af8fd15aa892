using System.Security.Cryptography.X509Certificates;
using Hotline.Gateway.Security;
using Hotline.Hosting;
using Hotline.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cluster;

/// <summary>
/// One test's cluster: a database of its own, silo processes, and a gateway in the test process.
/// The databases are on one throwaway PostgreSQL server for the whole run (started by the first
/// cluster, stopped when the test process exits): starting a server costs some 4 s, and a test
/// sees only its own database.
/// </summary>
public sealed class ClusterWorld : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private ClusterGateway? _gateway;

    private readonly X509Certificate2 _authority = ClusterCertificates.CreateAuthority("Hotline test cluster CA", TimeSpan.FromDays(1));
    private int _issued;
    private (string Name, string Value)[] _siloSettings = [];

    private ClusterWorld(PostgresServer postgres, string database, string keys)
    {
        Postgres = postgres;
        Database = database;
        ConnectionString = postgres.ConnectionString(database);
        Keys = keys;
        // Beside the key folder, not in it: certificates are public, the key folder is not.
        Certificates = keys + "-certificates";
        Directory.CreateDirectory(Certificates);
        File.WriteAllText(AuthorityFile, _authority.ExportCertificatePem());

        // Keys by need, as deploy/cluster.sh lays them out: the silos' folder gets the key-ring
        // certificate, the token folder the pair, the gateway's folder the public key alone.
        KeyRingCertificate.EnsureIn(keys).Dispose();
        TokenKeys.EnsurePair(TokenFolder);
        SecretFile.EnsureFolder(GatewayKeys);
        File.Copy(TokenKeys.PublicKeyFile(TokenFolder), TokenKeys.PublicKeyFile(GatewayKeys));
        Issuer = new TokenIssuer(TokenKeys.LoadPrivate(TokenFolder), "hotline", "hotline");
    }

    /// <summary>The silos' key folder: caller-hash key, key ring and its certificate.</summary>
    public string Keys { get; }

    /// <summary>Where tokens are minted: the private and public token keys.</summary>
    public string TokenFolder => Keys + "-token";

    /// <summary>The gateways' key folder: the public token key and nothing else.</summary>
    public string GatewayKeys => Keys + "-gateway";

    /// <summary>Mints tokens with the private key of <see cref="TokenFolder"/>.</summary>
    public TokenIssuer Issuer { get; }

    /// <summary>The cluster's CA certificate and a certificate per process it signed.</summary>
    public string Certificates { get; }

    public string AuthorityFile => Path.Combine(Certificates, "authority.pem");

    /// <summary>A certificate for one more process, signed by the cluster's CA: its settings.</summary>
    public ClusterTlsSettings IssueCertificate(string role, X509Certificate2? signer = null)
    {
        var name = $"{role}-{Interlocked.Increment(ref _issued)}";
        using var certificate = ClusterCertificates.Issue(signer ?? _authority, name, TimeSpan.FromDays(1));
        var settings = new ClusterTlsSettings
        {
            Certificate = Path.Combine(Certificates, $"{name}.pem"),
            Key = Path.Combine(Certificates, $"{name}.key"),
            Authority = AuthorityFile,
        };
        ClusterCertificates.WritePem(certificate, settings.Certificate, settings.Key);
        return settings;
    }

    /// <summary>The server, shared with the other clusters of the run: look only at <see cref="Database"/> in it.</summary>
    public PostgresServer Postgres { get; }

    /// <summary>This cluster's database on <see cref="Postgres"/>.</summary>
    public string Database { get; }

    public string ConnectionString { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public ClusterGateway Gateway => _gateway ?? throw new InvalidOperationException("no gateway started");

    public static async Task<ClusterWorld> StartAsync(int silos, bool gateway = true, params (string Name, string Value)[] siloSettings)
    {
        var (postgres, database) = await NewDatabaseAsync();
        var keys = Path.Combine(Path.GetTempPath(), "hotline-cluster-keys", Guid.NewGuid().ToString("N"));
        SecretFile.EnsureFolder(keys);
        var world = new ClusterWorld(postgres, database, keys) { _siloSettings = siloSettings };
        return await world.OrStopAsync(async () =>
        {
            // The first silo applies the schema and makes the keys; the others follow.
            if (silos > 0)
            {
                world.StartSilos(1);
                await world.WaitForFirstSiloAsync();
                world.StartSilos(silos - 1);
            }

            if (gateway)
            {
                await world.StartGatewayAsync();
                await world.WaitForSilosAsync(silos);
            }
        });
    }

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(async () =>
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    private static async Task<(PostgresServer Server, string Database)> NewDatabaseAsync()
    {
        var server = await SharedServer.Value;
        var database = $"hotline_{Guid.NewGuid():N}";
        await server.CreateDatabaseAsync(database);
        return (server, database);
    }

    /// <summary>Finishes starting; a cluster that fails to start is stopped, so no process or database outlives the test.</summary>
    private async Task<ClusterWorld> OrStopAsync(Func<Task> start)
    {
        try
        {
            await start();
            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A cluster on a database restored from <paramref name="dumpFile"/>, with the key folder that wrote it.</summary>
    public static async Task<ClusterWorld> StartFromAsync(string dumpFile, string keys, int silos)
    {
        var (postgres, database) = await NewDatabaseAsync();
        await postgres.RestoreAsync(database, dumpFile);
        var world = new ClusterWorld(postgres, database, keys);
        return await world.OrStopAsync(async () =>
        {
            world.StartSilos(silos);
            await world.StartGatewayAsync();
            await world.WaitForSilosAsync(silos);
        });
    }

    /// <summary>Starts silos with the world's settings, then <paramref name="settings"/> (which win).</summary>
    public void StartSilos(int count, params (string Name, string Value)[] settings)
    {
        for (var i = 0; i < count; i++)
        {
            _silos.Add(SiloProcess.Start(ConnectionString, Keys, IssueCertificate("silo"), [.. _siloSettings, .. settings]));
        }
    }

    /// <summary>Starts the gateway, finding silos through <paramref name="connectionString"/> (the world's database by default).</summary>
    public async Task StartGatewayAsync(string? connectionString = null)
    {
        _gateway = await ClusterGateway.StartAsync(connectionString ?? ConnectionString, GatewayKeys, Issuer, IssueCertificate("gateway"));
        await _gateway.WaitServingAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Waits until the first silo is in the membership table as active (it applied the schema and made the keys).</summary>
    private async Task WaitForFirstSiloAsync()
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                await using var command = database.CreateCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3");
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    return;
                }
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
            {
                // The schema is not there yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the first silo never became active.\n{_silos[0].Tail}");
    }

    /// <summary>The silos the membership table lists as active, by silo port.</summary>
    public async Task<List<int>> ActiveSiloPortsAsync()
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        await using var command = database.CreateCommand("SELECT port FROM orleansmembershiptable WHERE status = 3");
        await using var reader = await command.ExecuteReaderAsync();
        var ports = new List<int>();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(0));
        }

        return ports;
    }

    /// <summary>Waits until the silo ports the membership table lists as active satisfy <paramref name="wanted"/>.</summary>
    public async Task WaitForActiveSilosAsync(Func<List<int>, bool> wanted)
    {
        var ports = new List<int>();
        for (var i = 0; i < 480; i++)
        {
            ports = await ActiveSiloPortsAsync();
            if (wanted(ports))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the cluster's active silos never became as expected; last seen ports {string.Join(", ", ports)}");
    }

    /// <summary>Waits until the cluster's membership lists exactly this many active silos.</summary>
    public async Task WaitForSilosAsync(int active)
    {
        var management = Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var count = -1;
        for (var i = 0; i < 240; i++)
        {
            try
            {
                count = (await management.GetHosts(onlyActive: true)).Count;
                if (count == active)
                {
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{active} active silos expected, {count} seen.\n{string.Join("\n---\n", _silos.Select(s => s.Tail))}");
    }

    /// <summary>The silo process holding a grain's activation now.</summary>
    public async Task<SiloProcess> SiloOfAsync(IAddressable grain)
    {
        var management = Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var address = await management.GetActivationAddress(grain) ?? throw new InvalidOperationException("the grain is not active");
        return _silos.Single(s => s.SiloPort == address.Endpoint.Port);
    }

    public async Task StopSilosAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.StopAsync()));
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _silos.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        // The processes that used it are gone; the server stays for the next cluster.
        await Postgres.DropDatabaseAsync(Database);
        HotlineHost.TryDelete(Keys);
        HotlineHost.TryDelete(TokenFolder);
        HotlineHost.TryDelete(GatewayKeys);
        HotlineHost.TryDelete(Certificates);
        _authority.Dispose();
    }
}
