using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting;

/// <summary>Storage settings (section <c>Hotline:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Hotline:Storage";

    /// <summary>Folder of the embedded SQLite file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// When a commit counts as done. <see cref="SqliteSync.Normal"/> (the default) survives a
    /// killed process; <see cref="SqliteSync.Full"/> also survives a power cut, at a flush per commit.
    /// </summary>
    public SqliteSync Synchronous { get; set; } = SqliteSync.Normal;

    /// <summary>Sqlite (one embedded file, one process) or Postgres (a cluster of silos sharing one database).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>With Postgres: the Npgsql connection string of the shared database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>With Postgres: apply the schema at start (idempotent, under a lock). Off when an administrator applies it (<c>schema apply</c>).</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// With Postgres: the role the running hotline connects as, when the schema is applied by
    /// another (its owner). Applying the schema grants it DML on grain state and the indexes, and
    /// only SELECT and INSERT on the audit. Empty: no grants (one role does both).
    /// </summary>
    public string RuntimeRole { get; set; } = "";

    public static StorageOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{Section}:ConnectionString is required when {Section}:Provider is Postgres");
        }

        if (options.RuntimeRole.Length > 0 && !Storage.PostgresStore.IsRoleName(options.RuntimeRole))
        {
            throw new InvalidOperationException($"{Section}:RuntimeRole must be lower-case letters, digits and underscores (at most 63), not starting with a digit");
        }

        return options;
    }

    /// <summary>
    /// The settings as a command (<c>schema apply</c>, <c>audit verify</c>) reads them: when they
    /// are not valid, false, having written the reason as one line to <paramref name="output"/>.
    /// </summary>
    public static bool TryFrom(IConfiguration configuration, TextWriter output, [NotNullWhen(true)] out StorageOptions? options)
    {
        try
        {
            options = From(configuration);
            return true;
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine(e.Message);
            options = null;
            return false;
        }
    }
}

/// <summary>Where grain state and the hotline's indexes live.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: a single process (the default).</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL database shared by a cluster of silos and gateways.</summary>
    Postgres = 1,
}

/// <summary>SQLite's synchronous setting for grain-state commits (the file is in WAL mode).</summary>
public enum SqliteSync
{
    /// <summary>Committed to the write-ahead log; the OS flushes it. A process crash loses nothing; a power cut may lose the last commits.</summary>
    Normal,

    /// <summary>The log is flushed to the device on every commit. Survives a power cut.</summary>
    Full,
}
