using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting;

/// <summary><c>Hotline.Silo schema apply</c>: applies the configured database's schema (idempotent) and reports its versions.</summary>
public static class SchemaCommand
{
    public static async Task<bool> ApplyAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        if (!StorageOptions.TryFrom(configuration, output, out var storage))
        {
            return false;
        }

        if (storage.Provider == StorageProvider.Postgres)
        {
            await PostgresStore.ApplySchemaAsync(storage.ConnectionString, cancellationToken, NullIfEmpty(storage.RuntimeRole));
            await output.WriteLineAsync(storage.RuntimeRole.Length > 0
                ? $"PostgreSQL schema applied; {storage.RuntimeRole} may run the hotline (the audit: read and append only)."
                : "PostgreSQL schema applied.");
        }
        else
        {
            await SqliteStore.ApplySchemaAsync(SqliteStore.ConnectionString(storage.DataDirectory), cancellationToken, storage.Synchronous);
            await output.WriteLineAsync($"SQLite schema applied to {Path.GetFullPath(Path.Combine(storage.DataDirectory, SqliteStore.FileName))}.");
        }

        return true;
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;
}
