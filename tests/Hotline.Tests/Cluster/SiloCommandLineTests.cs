using System.Diagnostics;

namespace Hotline.Tests.Cluster;

/// <summary>The silo's command line, on the built silo: its commands, and settings passed through to the configuration.</summary>
public sealed class SiloCommandLineTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HelpNamesTheSchemaCommandAndSucceeds()
    {
        var run = await RunSiloAsync("--help");

        Assert.Equal(0, run.Exit);
        Assert.Contains("schema", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task SchemaApplyTakesItsSettingsFromTheCommandLine()
    {
        var data = Directory.CreateTempSubdirectory("hotline-silo-args-");
        try
        {
            var run = await RunSiloAsync("schema", "apply", "--Hotline:Storage:Provider=Sqlite", $"--Hotline:Storage:DataDirectory={data.FullName}");

            Assert.True(run.Exit == 0, run.Error);
            Assert.Contains("SQLite schema applied", run.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data.FullName, "hotline.db")));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnUnknownOptionIsRefusedByNameWithoutItsValue()
    {
        var run = await RunSiloAsync("schema", "apply", "-p=hunter2", "--Hotline:Storage:ConnectionString");

        Assert.Equal(2, run.Exit);
        Assert.Contains("'-p'", run.Error, StringComparison.Ordinal);
        Assert.Contains("'--Hotline:Storage:ConnectionString' needs a value", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertsRefusesAProcessNameThatWouldLeaveItsFolderAndWritesNothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotline-certs", Guid.NewGuid().ToString("N"));
        try
        {
            var run = await RunSiloAsync("certs", "--out", folder, "--name", "../escaped");

            Assert.Equal(2, run.Exit);
            Assert.Contains("--name must be lower-case letters", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("escaped", run.Error + run.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            Infrastructure.HotlineHost.TryDelete(folder);
        }
    }

    internal static async Task<(int Exit, string Output, string Error)> RunSiloAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(SiloProcess.SiloDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the silo did not exit within {ExitTimeout.TotalSeconds} s of: {string.Join(' ', args)}");
        }

        return (process.ExitCode, await output, await error);
    }
}
