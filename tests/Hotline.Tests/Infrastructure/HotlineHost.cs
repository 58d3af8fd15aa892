using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Hotline.Api.V1;
using Hotline.Domain;
using Hotline.Gateway.Hosting;
using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Infrastructure;

/// <summary>
/// The real embedded hotline (gateway + silo + SQLite file) on a loopback port, with the
/// hotline's clock under the test's control, and gRPC clients over a real channel.
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
        Intake = new IntakeService.IntakeServiceClient(channel);
        Responders = new ResponderService.ResponderServiceClient(channel);
        Cases = new CaseService.CaseServiceClient(channel);
        Supervisor = new SupervisorService.SupervisorServiceClient(channel);
    }

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; }
    public FakeTimeProvider Clock { get; }
    public GrpcChannel Channel { get; }
    public IntakeService.IntakeServiceClient Intake { get; }
    public ResponderService.ResponderServiceClient Responders { get; }
    public CaseService.CaseServiceClient Cases { get; }
    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    /// <summary>Grain-state operations that reached the database since start.</summary>
    public StorageCounters Storage => _app.Services.GetRequiredService<StorageCounters>();

    /// <summary>The embedded SQLite file, for tests that look at what is on disk.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, SqliteStore.FileName);

    /// <summary>Starts a hotline; pass a data folder to start on an existing database.</summary>
    public static async Task<HotlineHost> StartAsync(string? dataDirectory = null, FakeTimeProvider? clock = null, params string[] settings)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        clock ??= new FakeTimeProvider(Start);
        string[] args =
        [
            .. LoopbackSettings.Arguments(dataDirectory),
            "--Hotline:Routing:TickInterval=00:00:00.050",
            .. settings,
        ];
        var app = HotlineGateway.Build(args, b => b.Services.AddKeyedSingleton<TimeProvider>(HotlineClock.ServiceKey, clock));
        await app.StartAsync();
        var address = LoopbackSettings.Address(app);
        var channel = GrpcChannel.ForAddress(address);
        return new HotlineHost(app, dataDirectory, clock, channel, ownsData);
    }

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
