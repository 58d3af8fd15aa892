using Hotline.Audit;
using Hotline.Hosting;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage;

/// <summary>The embedded store: one SQLite file, its connection string and its schema.</summary>
public static class SqliteStore
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    public const string FileName = "hotline.db";

    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(dataDirectory), FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Creates the folder, the file and the schema when missing; safe to run on every start
    /// and on an existing database. WAL mode is a property of the file, so it is set here once.
    /// </summary>
    public static async Task ApplySchemaAsync(string connectionString, CancellationToken cancellationToken, SqliteSync synchronous = SqliteSync.Normal)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(connectionString);
        AuditChain.Register(connection);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await RefuseUnindexedDataAsync(connection, cancellationToken);
        await SetAsideUnchainedAuditAsync(connection, cancellationToken);
        foreach (var script in Scripts())
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, script, cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        // synchronous is a per-connection setting and the provider opens its own pooled
        // connections, so it leads every query that commits (before the statement's own
        // implicit transaction, and returning no row).
        await ExecuteAsync(connection, $"""
            UPDATE OrleansQuery SET QueryText = 'PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};' || QueryText
            WHERE QueryKey IN ('WriteToStorageKey', 'ClearStorageKey');
            """, cancellationToken);
    }

    /// <summary>
    /// Grain state written before the open-contacts index and the audit existed cannot be used
    /// (contacts missing from the index, records stored unencrypted), so such a file is refused
    /// rather than started with contacts silently missing.
    /// </summary>
    private static async Task RefuseUnindexedDataAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'OrleansStorage')
               AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'HotlineOpenContact' AND EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'HotlineAudit'))
            """;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        command.CommandText = "SELECT EXISTS (SELECT 1 FROM OrleansStorage)";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            throw new InvalidOperationException(
                $"The database {connection.DataSource} was written by an earlier version of Hotline whose records this version cannot route from; start on a new data folder.");
        }
    }

    /// <summary>
    /// A version-1 audit table (no chain) is renamed HotlineAuditV1, for 003-audit.sql to chain
    /// its lines into the new table and drop it.
    /// </summary>
    private static async Task SetAsideUnchainedAuditAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'HotlineAudit')
               AND NOT EXISTS (SELECT 1 FROM pragma_table_info('HotlineAudit') WHERE name = 'Hash')
            """;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        // Legacy renaming leaves the triggers that name the table as they are: the scripts replace them.
        await ExecuteAsync(connection, """
            PRAGMA legacy_alter_table = ON;
            ALTER TABLE HotlineAudit RENAME TO HotlineAuditV1;
            PRAGMA legacy_alter_table = OFF;
            """, cancellationToken);
    }

    private static IEnumerable<string> Scripts()
    {
        var assembly = typeof(SqliteStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Sqlite.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
