namespace Hotline.Storage;

/// <summary>Makes an erasure final on disk: no earlier version of an erased record is left in the database's files.</summary>
public interface IErasureScrub
{
    /// <summary>Called after personal fields were erased.</summary>
    Task AfterErasureAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// SQLite keeps earlier page versions in its write-ahead log until a checkpoint copies the
/// newest into the file; a truncating checkpoint then empties the log. With secure_delete
/// on (see <see cref="HotlineSqliteConnection"/>) the file itself keeps no freed content. A
/// reader holding an old snapshot can delay the checkpoint; the next erasure retries it.
/// </summary>
public sealed class SqliteErasureScrub(HotlineSqliteDataSource database, WriteGate gate) : IErasureScrub
{
    public Task AfterErasureAsync(CancellationToken cancellationToken = default) => gate.RunAsync(async () =>
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
        }
    });
}
