using Hotline.Hosting;
using Hotline.Security;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hotline.Tests.Cluster;

/// <summary>A <c>Hotline.Silo</c> process of a test cluster on PostgreSQL, which a test may kill for real.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>The last lines the silo printed (for a failing test's message).</summary>
    public string Tail
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }
    }

    public static SiloProcess Start(string connectionString, string keyDirectory, ClusterTlsSettings tls, params (string Name, string Value)[] settings)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var start = new ProcessStartInfo("dotnet", $"\"{SiloDll()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["Hotline__Storage__Provider"] = "Postgres";
        start.Environment["Hotline__Storage__ConnectionString"] = connectionString;
        start.Environment["Hotline__Security__KeyDirectory"] = keyDirectory;
        start.Environment["Hotline__Storage__DataDirectory"] = keyDirectory;
        start.Environment["Hotline__Security__KeyRingCertificate"] = Path.Combine(keyDirectory, KeyRingCertificate.CertificateFileName);
        start.Environment["Hotline__Security__KeyRingCertificateKey"] = Path.Combine(keyDirectory, KeyRingCertificate.KeyFileName);
        start.Environment["Hotline__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Hotline__Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Hotline__Routing__TickInterval"] = "00:00:00.100";
        start.Environment["Hotline__Supervision__DisconnectGrace"] = "00:00:05";
        foreach (var channel in Infrastructure.HotlineHost.WrapUpOff)
        {
            start.Environment[$"Hotline__Routing__WrapUp__{channel}"] = "00:00:00";
        }
        start.Environment["Hotline__Cluster__Tls__Certificate"] = tls.Certificate;
        start.Environment["Hotline__Cluster__Tls__Key"] = tls.Key;
        start.Environment["Hotline__Cluster__Tls__Authority"] = tls.Authority;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start");
        return new SiloProcess(process, siloPort, gatewayPort);
    }

    /// <summary>SIGKILL: the process dies at once, nothing drains.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, then wait for the graceful stop.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", $"-TERM {_process.Id}"))
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>The exit code once the process ended by itself, within <paramref name="limit"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the silo did not exit within {limit.TotalSeconds} s.\n{Tail}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }
    }

    /// <summary>The silo built beside this test assembly's configuration (the test project builds it first).</summary>
    internal static string SiloDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Debug";
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Hotline.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Hotline.sln not found above the test assembly");
        }

        var candidates = new[]
        {
            Path.Combine(root.FullName, "src", "Hotline.Silo", "bin", configuration, "net10.0", "Hotline.Silo.dll"),
        }.Concat(Directory.EnumerateFiles(root.FullName, "Hotline.Silo.dll", SearchOption.AllDirectories).Where(p => p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
        return candidates.Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
