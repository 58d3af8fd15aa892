using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hotline.Hosting;
using Hotline.Ports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Keys;

/// <summary>What the key store holds for one case: its data key, the time it was destroyed, or nothing.</summary>
public readonly record struct CaseKeyLookup(byte[]? Key, DateTimeOffset? DestroyedAt);

/// <summary>
/// The cases' data keys, in a small SQLite file of the silo's key folder (<c>case-keys.db</c>),
/// never in the hotline's database: a copy of the database does not carry them. Each key is
/// wrapped by the Data Protection key ring. Destroying a key overwrites it in the file
/// (<c>secure_delete</c>) and empties the file's log, leaving a tombstone with the time, so
/// records sealed with it read as erased rather than as a missing key. Several silos on one
/// host may share the file. A key is committed before any record sealed with it is written,
/// as durably as the hotline's own writes: flushed to the device at each commit on
/// PostgreSQL and with <c>Hotline:Storage:Synchronous=Full</c>, to the file system otherwise.
/// </summary>
public sealed class CaseKeyStore : ICaseKeys, IDisposable
{
    /// <summary>Keys and tombstones kept in memory; cleared when it grows past this many.</summary>
    private const int CacheLimit = 50_000;

    private readonly ConcurrentDictionary<Guid, CaseKeyLookup> _cache = new();
    private readonly IDataProtector _wrap;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public CaseKeyStore(string path, IDataProtectionProvider keyRing, SqliteSync synchronous = SqliteSync.Full)
    {
        _wrap = keyRing.CreateProtector("hotline.case-key.v1");
        CreateOwnerOnly(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute($"PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA secure_delete = ON;"
            + "CREATE TABLE IF NOT EXISTS CaseKey (CaseId BLOB NOT NULL PRIMARY KEY, WrappedKey BLOB NULL, DestroyedAtMs INTEGER NULL) WITHOUT ROWID;");
    }

    /// <summary>The case's key; with <paramref name="create"/>, a new one is made when it has none (never after it was destroyed).</summary>
    public CaseKeyLookup Find(Guid caseId, bool create)
    {
        if (_cache.TryGetValue(caseId, out var cached))
        {
            return cached;
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: !create);
            if (create)
            {
                using var insert = Command("INSERT INTO CaseKey (CaseId, WrappedKey) VALUES ($id, $key) ON CONFLICT DO NOTHING;", caseId, transaction);
                insert.Parameters.AddWithValue("$key", _wrap.Protect(RandomNumberGenerator.GetBytes(32)));
                insert.ExecuteNonQuery();
            }

            using var select = Command("SELECT WrappedKey, DestroyedAtMs FROM CaseKey WHERE CaseId = $id;", caseId, transaction);
            using var reader = select.ExecuteReader();
            var lookup = !reader.Read() ? default
                : !reader.IsDBNull(0) ? new CaseKeyLookup(_wrap.Unprotect((byte[])reader[0]), null)
                : new CaseKeyLookup(null, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
            reader.Close();
            transaction.Commit();
            if (lookup != default)
            {
                Remember(caseId, lookup);
            }

            return lookup;
        }
    }

    public Task DestroyAsync(Guid caseId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(caseId, out var known) && known.DestroyedAt is not null)
            {
                return Task.CompletedTask;
            }

            using var destroy = Command(
                "INSERT INTO CaseKey (CaseId, WrappedKey, DestroyedAtMs) VALUES ($id, NULL, $at) "
                + "ON CONFLICT (CaseId) DO UPDATE SET WrappedKey = NULL, DestroyedAtMs = COALESCE(DestroyedAtMs, $at);", caseId, null);
            destroy.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            destroy.ExecuteNonQuery();
            // The key's earlier page stays in the log until a checkpoint; this one copies the log
            // into the file (where secure_delete overwrote the key) and empties it.
            Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            // The tombstone's own time may be earlier (a second erasure); the next read gives it.
            _cache.TryRemove(caseId, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops a case's live key from this process's memory (its records were erased here).</summary>
    public void Forget(Guid caseId)
    {
        if (_cache.TryGetValue(caseId, out var known) && known.Key is not null)
        {
            _cache.TryRemove(new KeyValuePair<Guid, CaseKeyLookup>(caseId, known));
        }
    }

    public void Dispose() => _connection.Dispose();

    private void Remember(Guid caseId, CaseKeyLookup lookup)
    {
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[caseId] = lookup;
    }

    private SqliteCommand Command(string sql, Guid caseId, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$id", caseId.ToByteArray());
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.NextResult())
        {
        }
    }

    /// <summary>The file is made readable by its owner alone before SQLite opens it (its log files take the same mode).</summary>
    private static void CreateOwnerOnly(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another silo made it first.
        }
    }
}
