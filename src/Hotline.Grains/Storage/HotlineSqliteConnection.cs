using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage;

/// <summary>
/// A connection to the embedded file with <c>secure_delete</c> on: content a write replaces
/// or deletes (an erased summary's old ciphertext, say) is overwritten with zeros in the
/// file instead of lingering in free space. The setting belongs to each connection, so it
/// is applied every time one is opened.
/// </summary>
public sealed class HotlineSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public override void Open()
    {
        base.Open();
        using var command = CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await base.OpenAsync(cancellationToken);
        await using var command = CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Hands the storage provider <see cref="HotlineSqliteConnection"/>s.</summary>
public sealed class HotlineSqliteDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new HotlineSqliteConnection(connectionString);
}
