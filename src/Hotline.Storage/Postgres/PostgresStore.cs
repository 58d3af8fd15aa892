using Npgsql;

namespace Hotline.Storage;

/// <summary>The cluster store: one PostgreSQL database shared by every silo and gateway, and its schema.</summary>
public static class PostgresStore
{
    /// <summary>The ADO.NET invariant the Orleans providers use for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    // The advisory lock every silo holds while it applies the schema; its key is "Hotline" in ASCII.
    private const string TakeSchemaLock = "SELECT pg_advisory_lock(20388744148905573)";

    /// <summary>
    /// Runs the embedded scripts (Storage/Postgres/*.sql) in name order, each in its own
    /// transaction; safe to run on every start and on a database in use. Silos starting at
    /// once take turns: concurrent CREATE ... IF NOT EXISTS of one object can fail in PostgreSQL.
    /// With <paramref name="runtimeRole"/>, the connection's role (the owner) then grants that
    /// role what the running hotline needs and no more (see <see cref="RuntimeGrants"/>).
    /// </summary>
    public static async Task ApplySchemaAsync(string connectionString, CancellationToken cancellationToken, string? runtimeRole = null)
    {
        // A connection of its own, not pooled: the session-level lock is released when the
        // session ends, on success or failure alike, where a pooled connection would keep it.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, TakeSchemaLock, cancellationToken);
        foreach (var script in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, script, cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        if (runtimeRole is not null)
        {
            await ExecuteAsync(connection, RuntimeGrants(runtimeRole), cancellationToken);
        }
    }

    /// <summary>A role name the grants may name: lower-case letters, digits and underscores, as PostgreSQL folds an unquoted name.</summary>
    public static bool IsRoleName(string name) => System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]{0,62}$");

    /// <summary>
    /// What the role the hotline runs as may do: read and write grain state, membership,
    /// reminders and the indexes; read the named queries and schema versions; and only read and
    /// append to the audit. It owns nothing, so it cannot alter a table or drop a trigger.
    /// </summary>
    private static string RuntimeGrants(string role) => IsRoleName(role)
        ? $"""
            REVOKE ALL ON HotlineAudit FROM "{role}";
            GRANT SELECT, INSERT, UPDATE, DELETE ON OrleansStorage, OrleansMembershipVersionTable, OrleansMembershipTable,
                OrleansRemindersTable, HotlineOpenContact, HotlineCaseIndex TO "{role}";
            GRANT SELECT ON OrleansQuery, HotlineSchemaVersion TO "{role}";
            GRANT SELECT, INSERT ON HotlineAudit TO "{role}";
            """
        : throw new ArgumentException("the runtime role must be lower-case letters, digits and underscores (at most 63), not starting with a digit", nameof(role));

    private static IEnumerable<string> Scripts()
    {
        var assembly = typeof(PostgresStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Postgres.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        // No time limit: waiting for another silo's turn, or a script's work on a large table,
        // may take longer than the default 30 seconds; the caller's token bounds it.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
