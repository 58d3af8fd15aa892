using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hotline.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the cluster tests: <c>initdb</c> into a temporary folder,
/// <c>pg_ctl start</c> on a free loopback port, dropped on dispose. PostgreSQL refuses to run as
/// root, so when the tests run as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string to a database of the given name (created by <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};No Reset On Close=true;Max Auto Prepare=20";

    /// <summary>The server programs the tests run, as the README lists them for each system.</summary>
    public static readonly string[] Programs = ["initdb", "pg_ctl", "postgres", "psql", "pg_dump"];

    /// <summary>
    /// The programs of <see cref="Programs"/> not found on the PATH. Checked before a server is
    /// started, so a machine without PostgreSQL gets one sentence naming what is missing and where
    /// to get it, not a process-start stack trace.
    /// </summary>
    public static string[] MissingPrograms()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] suffixes = OperatingSystem.IsWindows() ? [".exe", ""] : [""];
        return [.. Programs.Where(p => !folders.Any(f => suffixes.Any(x => File.Exists(Path.Combine(f, p + x)))))];
    }

    public static string MissingProgramsSentence(string[] missing) =>
        $"The PostgreSQL tests need PostgreSQL's server programs on the PATH; not found: {string.Join(", ", missing)}. " +
        "See README.md, 'Run it and test it' (Debian/Ubuntu: apt-get install postgresql, then put /usr/lib/postgresql/<version>/bin on the PATH).";

    public static async Task<PostgresServer> StartAsync()
    {
        if (MissingPrograms() is { Length: > 0 } missing)
        {
            throw new InvalidOperationException(MissingProgramsSentence(missing));
        }

        var folder = Path.Combine(Path.GetTempPath(), "hotline-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"-R postgres {folder}");
        }

        var port = FreePort();
        await RunAsPostgresAsync("initdb", $"-D {data} -U postgres --auth=trust --encoding=UTF8 --no-sync");
        await RunAsPostgresAsync("pg_ctl", $"-D {data} -l {Path.Combine(folder, "server.log")} -w -t 60 " +
            $"-o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start");
        return new PostgresServer(folder, port);
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a database, closing whatever connections to it are left.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a plain SQL dump (pg_dump's output) into <paramref name="database"/>, stopping at the first error.</summary>
    public async Task RestoreAsync(string database, string dumpFile)
    {
        // The server's own folder, which the postgres user can read when the tests run as root.
        var copy = Path.Combine(_folder, $"{database}-{Path.GetFileName(dumpFile)}");
        File.Copy(dumpFile, copy);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"postgres {copy}");
        }

        await RunAsPostgresAsync("psql", $"-h 127.0.0.1 -p {Port} -U postgres -d {database} -q -v ON_ERROR_STOP=1 -f {copy}");
    }

    /// <summary>The server's data directory (tables, indexes, write-ahead log).</summary>
    public string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>A plain SQL dump of <paramref name="database"/>, as pg_dump writes it.</summary>
    public Task<string> DumpAsync(string database) =>
        RunAsPostgresAsync("pg_dump", $"-h 127.0.0.1 -p {Port} -U postgres --no-owner --no-privileges {database}");

    /// <summary>Writes everything in memory to the data files now.</summary>
    public async Task CheckpointAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CHECKPOINT";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }
        finally
        {
            HotlineHost.TryDelete(_folder);
        }
    }

    private static Task<string> RunAsPostgresAsync(string tool, string arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", $"-u postgres -- {tool} {arguments}") : RunAsync(tool, arguments);

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await output}{await error}");
        }

        return await output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
