using Hotline.Security;
using Hotline.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting.Backup;

/// <summary>
/// <c>Hotline.Silo backup</c> and <c>restore</c>: the embedded database and the key folder,
/// each on its own, taken from a running hotline with SQLite's online backup (a consistent
/// copy while writes go on), restored into an empty place while the hotline is stopped.
/// PostgreSQL is backed up with its own tools (README, Backup and restore). Every file made
/// is readable by its owner alone.
/// </summary>
public static class HotlineBackup
{
    /// <summary>Copies the hotline's SQLite database into <paramref name="file"/>, which must not exist.</summary>
    public static bool BackupDatabase(IConfiguration configuration, string file, TextWriter output)
    {
        var storage = StorageOptions.From(configuration);
        if (storage.Provider == StorageProvider.Postgres)
        {
            return Refused(output, "backup: this hotline stores its data in PostgreSQL; back it up with pg_dump (README, Backup and restore).");
        }

        var database = DatabaseFile(storage);
        if (!File.Exists(database))
        {
            return Refused(output, $"backup: no hotline database at {database}; name the data folder with --Hotline:Storage:DataDirectory=<dir>.");
        }

        if (Exists(file, output))
        {
            return false;
        }

        CopySqlite(database, file);
        output.WriteLine($"Database backed up to {Path.GetFullPath(file)}. Back up the key folder apart from it ('backup keys').");
        return true;
    }

    /// <summary>Copies the key folder into <paramref name="folder"/>, which must not exist; its key store consistently.</summary>
    public static bool BackupKeys(IConfiguration configuration, string folder, TextWriter output)
    {
        var keys = SecurityOptions.KeyDirectoryOf(configuration);
        if (!Directory.Exists(keys))

        {

            return Refused(output, $"backup: no key folder at {keys}; name it with --Hotline:Security:KeyDirectory=<dir>.");
        }

        if (Exists(folder, output))
        {
            return false;
        }

        CopyKeyFolder(keys, folder);
        output.WriteLine($"Key folder backed up to {Path.GetFullPath(folder)}. Keep it apart from the database's backups.");
        return true;
    }

    /// <summary>Puts a database backup in place of a hotline's database; refuses when the data folder already has one.</summary>
    public static bool RestoreDatabase(IConfiguration configuration, string file, TextWriter output)
    {
        var storage = StorageOptions.From(configuration);
        if (storage.Provider == StorageProvider.Postgres)

        {

            return Refused(output, "restore: this hotline stores its data in PostgreSQL; restore it with psql or pg_restore (README, Backup and restore).");
        }

        if (!File.Exists(file) || !IsHotlineDatabase(file))

        {

            return Refused(output, "restore: the file named by --from is not a hotline database backup.");
        }

        var database = DatabaseFile(storage);
        // A log left beside a missing database would be applied to the restored one.
        if (new[] { database, $"{database}-wal", $"{database}-shm", $"{database}-journal" }.FirstOrDefault(File.Exists) is { } present)
        {
            return Refused(output, $"restore: {present} exists. Stop the hotline and move its database files away first; restore never overwrites.");
        }

        SecretFile.EnsureFolder(Path.GetDirectoryName(database)!);
        CopySqlite(file, database);
        output.WriteLine($"Database restored to {database}. Start the hotline with the key folder that goes with it.");
        return true;
    }

    /// <summary>Puts a key folder backup in place; refuses when the key folder exists and is not empty.</summary>
    public static bool RestoreKeys(IConfiguration configuration, string folder, TextWriter output)
    {
        var keys = SecurityOptions.KeyDirectoryOf(configuration);
        if (!Directory.Exists(folder))
        {
            return Refused(output, "restore: the folder named by --from does not exist.");
        }

        if (Directory.Exists(keys) && Directory.EnumerateFileSystemEntries(keys).Any())

        {

            return Refused(output, $"restore: the key folder {keys} is not empty. Stop the hotline and move it away first; restore never overwrites.");
        }

        CopyKeyFolder(folder, keys);
        output.WriteLine($"Key folder restored to {keys}.");
        return true;
    }

    private static bool Refused(TextWriter output, string why)
    {
        output.WriteLine(why);
        return false;
    }

    private static string DatabaseFile(StorageOptions storage) => Path.Combine(Path.GetFullPath(storage.DataDirectory), SqliteStore.FileName);

    private static bool Exists(string path, TextWriter output)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return false;
        }

        output.WriteLine("backup: the place named by --out exists; a backup never overwrites. Name a new one.");
        return true;
    }

    /// <summary>Every file of the folder, owner-only; SQLite files through the backup API (their logs are folded in, not copied).</summary>
    private static void CopyKeyFolder(string from, string to)
    {
        SecretFile.EnsureFolder(to);
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            SecretFile.EnsureFolder(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            if (file.EndsWith(".db", StringComparison.Ordinal))
            {
                CopySqlite(file, target);
            }
            else if (!file.EndsWith("-wal", StringComparison.Ordinal) && !file.EndsWith("-shm", StringComparison.Ordinal))
            {
                // The folder is the owner's alone, so the copy is never open to others, even before its mode is set.
                File.Copy(file, target);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }
    }

    private static void CopySqlite(string from, string to)
    {
        SecretFile.WriteOwnerOnly(to, "");
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = to, Pooling = false }.ToString());
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    private static bool IsHotlineDatabase(string file)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'HotlineSchemaVersion';";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
