using System.Collections.Concurrent;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Hotline.Api.V1;
using Hotline.Domain;
using Hotline.Security;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Infrastructure;

/// <summary>
/// The real embedded hotline (gateway + silo + SQLite file) on a loopback port, with the
/// hotline's clock under the test's control, and gRPC clients over a real channel. The
/// default clients sign in as <see cref="Staff"/>, except that a responder's own requests
/// (presence, stream, offers) carry that responder's token; <see cref="As"/> gives clients
/// of any one identity.
/// </summary>
public sealed class HotlineHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;

    private HotlineHost(WebApplication app, string dataDirectory, FakeTimeProvider clock, GrpcChannel channel, bool ownsData)
    {
        _app = app;
        _ownsData = ownsData;
        DataDirectory = dataDirectory;
        Clock = clock;
        Channel = channel;
        var invoker = channel.Intercept(new BearerTokens(request =>
            BearerTokens.ActingResponder(request) is { } responder ? Token(ResponderClaims(responder)) : Token(Staff)));
        Intake = new IntakeService.IntakeServiceClient(invoker);
        Responders = new ResponderService.ResponderServiceClient(invoker);
        Cases = new CaseService.CaseServiceClient(invoker);
        Supervisor = new SupervisorService.SupervisorServiceClient(invoker);
        StaffAccess = new StaffService.StaffServiceClient(invoker);
    }

    /// <summary>A member of staff who may do everything but act as a responder: operator, supervisor and admin of every region.</summary>
    public static readonly TokenClaims Staff = new("test-staff", ["operator", "supervisor", "admin"], ["*"]);

    public static TokenClaims ResponderClaims(string responderId) => new(responderId, ["responder"], [], responderId);

    private readonly ConcurrentDictionary<TokenClaims, string> _tokens = new();

    /// <summary>A token for <paramref name="claims"/>, signed with this hotline's private token key (the gateway itself holds only the public one).</summary>
    public string Token(TokenClaims claims) =>
        _tokens.GetOrAdd(claims, c => Issuer.Issue(c, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));

    /// <summary>Mints tokens with the private key of this hotline's key folder, as the token command does.</summary>
    public TokenIssuer Issuer => _issuer ??= TokenIssuer.FromConfiguration(_app.Configuration);

    private TokenIssuer? _issuer;

    /// <summary>Clients that call as <paramref name="claims"/>.</summary>
    public HotlineClients As(TokenClaims claims) => new(Channel.Intercept(new BearerTokens(_ => Token(claims))));

    /// <summary>Clients sending <paramref name="token"/> as it is.</summary>
    public HotlineClients With(string token) => new(Channel.Intercept(new BearerTokens(_ => token)));

    /// <summary>Clients that send no token.</summary>
    public HotlineClients Anonymous() => new(Channel.CreateCallInvoker());

    /// <summary>The channels' wrap-up settings, which the test hotlines set to zero.</summary>
    public static readonly string[] WrapUpOff = ["Voice", "Sms", "Chat", "Messenger", "WalkIn"];

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; }

    /// <summary>The settings the hotline started with.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration Configuration => _app.Configuration;

    /// <summary>The gateway's address (http://127.0.0.1:port).</summary>
    public string Address => LoopbackSettings.Address(_app);

    public FakeTimeProvider Clock { get; }
    public GrpcChannel Channel { get; }
    public IntakeService.IntakeServiceClient Intake { get; }
    public ResponderService.ResponderServiceClient Responders { get; }
    public CaseService.CaseServiceClient Cases { get; }
    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    /// <summary>Admins' StaffService (revocations), as the test staff.</summary>
    public StaffService.StaffServiceClient StaffAccess { get; }

    /// <summary>The hotline's services, for tests that drive a part directly (the retention sweep).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Grain-state operations that reached the database since start.</summary>
    public StorageCounters Storage => _app.Services.GetRequiredService<StorageCounters>();

    /// <summary>The embedded SQLite file, for tests that look at what is on disk.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, SqliteStore.FileName);

    /// <summary>Starts a hotline; pass a data folder to start on an existing database.</summary>
    public static async Task<HotlineHost> StartAsync(string? dataDirectory = null, FakeTimeProvider? clock = null, params string[] settings) =>
        await StartAsync(dataDirectory, clock, configure: null, settings);

    /// <summary>Starts a hotline, letting the test adjust its services (logging, for one) first.</summary>
    public static async Task<HotlineHost> StartAsync(string? dataDirectory, FakeTimeProvider? clock, Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        clock ??= new FakeTimeProvider(Start);
        string[] args =
        [
            .. LoopbackSettings.Arguments(dataDirectory),
            "--Hotline:Routing:TickInterval=00:00:00.050",
            "--Hotline:Limits:IntakePerMinute=100000",
            "--Hotline:Limits:CallsPerMinute=100000",
            "--Hotline:Limits:StreamsPerCaller=10000",
            // Listing tests queue thousands in one region; the cap has tests of its own.
            "--Hotline:Routing:MaxWaitingPerRegion=100000",
            // A dropped stream disconnects at once unless a test asks for a grace period.
            "--Hotline:Supervision:DisconnectGrace=00:00:00",
            // A completed contact starts no wrap-up unless a test asks for one (WrapUpTests).
            .. WrapUpOff.Select(c => $"--Hotline:Routing:WrapUp:{c}=00:00:00"),
            // The day's counters are saved at deactivation, not in the middle of a test that counts writes.
            "--Hotline:Supervision:CounterSaveInterval=00:10:00",
            // One key-ring certificate for every test hotline (a test may set its own, or none
            // to have the hotline make one in its key folder).
            $"--Hotline:Security:KeyRingCertificate={Path.Combine(SharedKeyRing.Value, KeyRingCertificate.CertificateFileName)}",
            $"--Hotline:Security:KeyRingCertificateKey={Path.Combine(SharedKeyRing.Value, KeyRingCertificate.KeyFileName)}",
            .. settings,
        ];
        var app = HotlineGateway.Build(args, b =>
        {
            b.Services.AddKeyedSingleton<TimeProvider>(HotlineClock.ServiceKey, clock);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        var address = LoopbackSettings.Address(app);
        var channel = GrpcChannel.ForAddress(address);
        return new HotlineHost(app, dataDirectory, clock, channel, ownsData);
    }

    /// <summary>
    /// The folder of the key-ring certificate the test hotlines share: making an RSA-3072 key
    /// takes a good part of a second, which every hotline of the suite would pay otherwise.
    /// </summary>
    private static readonly Lazy<string> SharedKeyRing = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotline-tests", $"key-ring-{Environment.ProcessId}");
        KeyRingCertificate.EnsureIn(folder).Dispose();
        return folder;
    });

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "hotline-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Stops the hotline but keeps its data folder.</summary>
    public async Task StopAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsData)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
