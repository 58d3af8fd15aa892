using System.Diagnostics;
using System.Globalization;

namespace Hotline.Bench;

/// <summary>One silo killed: when (Stopwatch timestamp), which, and how long until it ran again.</summary>
public sealed class ChaosKill(long at, int silo, int pid)
{
    public long At => at;

    public int Silo => silo;

    public int Pid => pid;

    /// <summary>Until deploy/cluster.sh had started the silo again (its pid file names a new process); null if it never did.</summary>
    public double? RestartedAfterSeconds { get; set; }
}

/// <summary>
/// Kills a random silo of a deploy/cluster.sh cluster with SIGKILL every so often (jittered
/// between half and one and a half times the interval), reading pids from the cluster's pid
/// files and leaving the restart to the script. It kills only while all three silos run, so
/// at most one is down at a time.
/// </summary>
public sealed class ChaosMonkey(string clusterDirectory, TimeSpan every)
{
    private const int Silos = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RestartWait = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly List<ChaosKill> _kills = [];
    private readonly List<Task> _watches = [];

    public IReadOnlyList<ChaosKill> Kills
    {
        get
        {
            lock (_gate)
            {
                return [.. _kills];
            }
        }
    }

    /// <summary>Fails unless <paramref name="clusterDirectory"/> holds the pid files of a running cluster.</summary>
    public static void Check(string clusterDirectory)
    {
        for (var silo = 1; silo <= Silos; silo++)
        {
            if (PidOf(clusterDirectory, silo) is not { } pid || !IsRunning(pid))
            {
                throw new IOException($"no running silo {silo} in {PidFile(clusterDirectory, silo)}; --chaos names the folder of a running deploy/cluster.sh");
            }
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(every * (0.5 + Random.Shared.NextDouble()), stop);
                while (!Enumerable.Range(1, Silos).All(s => PidOf(clusterDirectory, s) is { } p && IsRunning(p)))
                {
                    await Task.Delay(Poll, stop);
                }

                var silo = Random.Shared.Next(1, Silos + 1);
                if (PidOf(clusterDirectory, silo) is not { } pid || !TryKill(pid))
                {
                    continue;
                }

                var kill = new ChaosKill(Stopwatch.GetTimestamp(), silo, pid);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[chaos] killed silo {silo} (pid {pid})"));
                lock (_gate)
                {
                    _kills.Add(kill);
                    _watches.Add(WatchRestartAsync(kill));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Task[] watches;
        lock (_gate)
        {
            watches = [.. _watches];
        }

        await Task.WhenAll(watches);
    }

    private async Task WatchRestartAsync(ChaosKill kill)
    {
        while (Stopwatch.GetElapsedTime(kill.At) < RestartWait)
        {
            if (PidOf(clusterDirectory, kill.Silo) is { } pid && pid != kill.Pid && IsRunning(pid))
            {
                kill.RestartedAfterSeconds = Stopwatch.GetElapsedTime(kill.At).TotalSeconds;
                return;
            }

            await Task.Delay(Poll);
        }
    }

    private static string PidFile(string directory, int silo) => Path.Combine(directory, "pids", $"silo{silo}.pid");

    private static int? PidOf(string directory, int silo)
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile(directory, silo)).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL (what Process.Kill sends on Linux); false if the silo ended between the check and the kill.</summary>
    private static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
