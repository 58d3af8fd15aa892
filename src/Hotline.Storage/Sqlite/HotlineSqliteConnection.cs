using System.Data.Common;
using System.Runtime.CompilerServices;
using Hotline.Audit;
using Hotline.Hosting;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage;

/// <summary>
/// A connection to the embedded file with the hotline's settings, which belong to each
/// connection rather than the file: <c>secure_delete</c> on, so content a write replaces or
/// deletes (an erased summary's old ciphertext, say) is overwritten with zeros instead of
/// lingering in free space; and <c>synchronous</c> as configured. Pooled handles keep them,
/// so they are set once per underlying handle. It also carries the audit's link function
/// (<see cref="AuditChain.Register"/>), without which no contact, case or audit line can be written.
/// </summary>
public sealed class HotlineSqliteConnection : SqliteConnection
{
    private static readonly ConditionalWeakTable<object, object> Prepared = [];
    private readonly SqliteSync _synchronous;

    public HotlineSqliteConnection(string connectionString, SqliteSync synchronous)
        : base(connectionString)
    {
        _synchronous = synchronous;
        AuditChain.Register(this);
    }

    public override void Open()
    {
        base.Open();
        if (NeedsSettings())
        {
            using var command = SettingsCommand();
            command.ExecuteNonQuery();
        }
    }

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await base.OpenAsync(cancellationToken);
        if (NeedsSettings())
        {
            await using var command = SettingsCommand();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool NeedsSettings()
    {
        if (Handle is not { } handle)
        {
            return true;
        }

        if (Prepared.TryGetValue(handle, out var applied) && Equals(applied, _synchronous))
        {
            return false;
        }

        Prepared.AddOrUpdate(handle, _synchronous);
        return true;
    }

    private SqliteCommand SettingsCommand()
    {
        var command = CreateCommand();
        command.CommandText = $"PRAGMA secure_delete = ON; PRAGMA synchronous = {_synchronous.ToString().ToUpperInvariant()};";
        return command;
    }
}

/// <summary>Hands out <see cref="HotlineSqliteConnection"/>s: to the storage provider, the audit and the scrub.</summary>
public sealed class HotlineSqliteDataSource(string connectionString, SqliteSync synchronous) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new HotlineSqliteConnection(connectionString, synchronous);
}
