using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Microsoft.AspNetCore.Builder;

namespace Hotline.Bench;

/// <summary>
/// The hotline as <c>dotnet run</c> starts it (gateway, silo, SQLite file, system clock), in
/// this process on a loopback port, with a data folder of its own that goes away at the end.
/// Started through the gateway's public host extension, like the gateway's own Program.
/// </summary>
public sealed class EmbeddedHotline : IAsyncDisposable
{
    private const int DeleteAttempts = 5;
    private static readonly TimeSpan DeleteRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EmbeddedHotline(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
        // The embedded hotline made its token key pair at start; tokens are minted with its private half.
        Issuer = TokenIssuer.FromConfiguration(app.Configuration);
    }

    public Uri Address { get; }

    /// <summary>Signs tokens this hotline accepts.</summary>
    public TokenIssuer Issuer { get; }

    private static readonly string[] WrapUpOff = new[] { "Voice", "Sms", "Chat", "Messenger", "WalkIn" }.Select(c => $"--Hotline:Routing:WrapUp:{c}=00:00:00").ToArray();

    public static async Task<EmbeddedHotline> StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hotline-bench", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            .. LoopbackSettings.Arguments(dataDirectory),
            // The driver's few operators open far more than a person would.
            "--Hotline:Limits:IntakePerMinute=1000000",
            "--Hotline:Limits:CallsPerMinute=1000000",
            "--Hotline:Limits:StreamsPerCaller=10000",
            // Simulated responders measure routing, not a person's after-contact work.
            .. WrapUpOff,
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
            await DeleteAsync(dataDirectory);
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
            await DeleteAsync(_dataDirectory);
        }
    }

    /// <summary>
    /// Where an open file blocks deleting it (Windows), the storage's pooled connections may
    /// hold the database open a while after the host stopped: retry, then leave the folder.
    /// </summary>
    private static async Task DeleteAsync(string directory)
    {
        for (var attempt = 1; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == DeleteAttempts)
                {
                    Console.Error.WriteLine($"[bench] could not delete {directory}: {e.Message}");
                    return;
                }
            }

            await Task.Delay(DeleteRetryDelay);
        }
    }
}
