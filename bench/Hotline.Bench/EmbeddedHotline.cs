using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Bench;

/// <summary>
/// The hotline as <c>dotnet run</c> starts it (gateway, silo, SQLite file, system clock), in
/// this process on a loopback port, with a data folder of its own that goes away at the end.
/// </summary>
public sealed class EmbeddedHotline : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EmbeddedHotline(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
        Counters = app.Services.GetRequiredService<StorageCounters>();
        Issuer = app.Services.GetRequiredService<TokenIssuer>();
    }

    public Uri Address { get; }

    public StorageCounters Counters { get; }

    /// <summary>Signs tokens this hotline accepts.</summary>
    public TokenIssuer Issuer { get; }

    public static async Task<EmbeddedHotline> StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hotline-bench", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            .. LoopbackSettings.Arguments(dataDirectory),
            // The driver's few operators open far more than a person would.
            "--Hotline:Limits:IntakePerMinute=1000000",
            // stdout carries the results table; the hotline's own log lines go to stderr.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ];
        var app = HotlineGateway.Build(args);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            TryDelete(dataDirectory);
            throw;
        }

        var address = LoopbackSettings.Address(app);
        return new EmbeddedHotline(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            // Pooled connections would keep the file open where that blocks deleting it.
            SqliteConnection.ClearAllPools();
            TryDelete(_dataDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
