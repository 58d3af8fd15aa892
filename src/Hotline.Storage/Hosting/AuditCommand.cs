using Hotline.Audit;
using Hotline.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Hotline.Hosting;

/// <summary>
/// <c>Hotline.Silo audit verify</c>: recomputes every chain of the configured database's audit
/// (or one case's, or one region's staff chain) and reports the first broken line of each.
/// </summary>
public static class AuditCommand
{
    /// <summary>True when every chain asked for verified.</summary>
    public static async Task<bool> VerifyAsync(IConfiguration configuration, Guid? caseId, string? region, TextWriter output, CancellationToken cancellationToken)
    {
        var chain = caseId is { } id ? AuditChain.OfCase(id) : region is not null ? AuditChain.OfRegion(region) : null;
        StorageOptions storage;
        try
        {
            storage = StorageOptions.From(configuration);
        }
        catch (InvalidOperationException e)
        {
            await output.WriteLineAsync(e.Message);
            return false;
        }

        AuditVerification result;
        if (storage.Provider == StorageProvider.Postgres)
        {
            await using var dataSource = NpgsqlDataSource.Create(storage.ConnectionString);
            result = await AuditChain.VerifyAsync(PostgresAuditLog.LinesAsync(dataSource, chain, cancellationToken), cancellationToken);
        }
        else
        {
            var file = Path.Combine(Path.GetFullPath(storage.DataDirectory), SqliteStore.FileName);
            if (!File.Exists(file))
            {
                await output.WriteLineAsync($"No database at {file}: set Hotline:Storage:DataDirectory.");
                return false;
            }

            var database = new HotlineSqliteDataSource(SqliteStore.ConnectionString(storage.DataDirectory), storage.Synchronous);
            result = await AuditChain.VerifyAsync(SqliteAuditLog.LinesAsync(database, chain, cancellationToken), cancellationToken);
        }

        foreach (var broken in result.Breaks)
        {
            await output.WriteLineAsync($"BROKEN {Name(broken.Chain)} (service {broken.ServiceId}): link {broken.Link} (seq {broken.Seq}): {broken.Problem}");
        }

        if (chain is not null && result.Lines == 0)
        {
            await output.WriteLineAsync($"No audit lines for {Name(chain)}.");
            return false;
        }

        await output.WriteLineAsync(result.Intact
            ? $"The audit verifies: {result.Chains} chain(s), {result.Lines} line(s)."
            : $"The audit does not verify: {result.Breaks.Count} of {result.Chains} chain(s) broken, {result.Lines} line(s) read.");
        if (result.Intact && chain is not null && result.Last is { } head)
        {
            // What to keep elsewhere: a later run shows whether the chain still leads to it.
            await output.WriteLineAsync($"Head of {Name(chain)}: link {head.Link}, hash {head.Hash}");
        }

        return result.Intact;
    }

    private static string Name(string chain) => Guid.TryParse(chain, out _) ? $"case {chain}" : chain;
}
