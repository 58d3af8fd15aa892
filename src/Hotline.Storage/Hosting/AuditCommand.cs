using System.Globalization;
using System.Runtime.CompilerServices;
using Hotline.Audit;
using Hotline.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Hotline.Hosting;

/// <summary>
/// <c>Hotline.Silo audit verify</c>: recomputes every chain of the configured database's audit
/// (or one case's, or one region's staff chain) and reports the first broken line of each. For
/// one chain it prints the head, and checks a head kept from an earlier run (an anchor).
/// </summary>
public static class AuditCommand
{
    /// <summary>An anchor as the command takes it: <c>link:hash</c>.</summary>
    public static bool IsAnchor(string text) => TryAnchor(text, out _);

    /// <summary>True when every chain asked for verified (and holds the anchor, when one is given).</summary>
    public static async Task<bool> VerifyAsync(IConfiguration configuration, Guid? caseId, string? region, string? anchor, TextWriter output,
        CancellationToken cancellationToken)
    {
        var chain = caseId is { } id ? AuditChain.OfCase(id) : region is not null ? AuditChain.OfRegion(region) : null;
        if (!StorageOptions.TryFrom(configuration, output, out var storage))
        {
            return false;
        }

        (long Link, string Hash)? anchored = anchor is not null && TryAnchor(anchor, out var a) ? a : null;
        string? anchoredHashFound = null;
        AuditVerification result;
        if (storage.Provider == StorageProvider.Postgres)
        {
            await using var dataSource = NpgsqlDataSource.Create(storage.ConnectionString);
            result = await AuditChain.VerifyAsync(Watch(PostgresAuditLog.LinesAsync(dataSource, chain, cancellationToken), cancellationToken), cancellationToken);
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
            result = await AuditChain.VerifyAsync(Watch(SqliteAuditLog.LinesAsync(database, chain, cancellationToken), cancellationToken), cancellationToken);
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

        var holdsAnchor = anchored is null || anchoredHashFound == anchored.Value.Hash;
        if (!holdsAnchor)
        {
            await output.WriteLineAsync(anchoredHashFound is null
                ? $"BROKEN {Name(chain!)}: link {anchored!.Value.Link} of the anchor is no longer there"
                : $"BROKEN {Name(chain!)}: link {anchored!.Value.Link} no longer carries the anchored hash");
        }

        await output.WriteLineAsync(result.Intact
            ? $"The audit verifies: {result.Chains} chain(s), {result.Lines} line(s)."
            : $"The audit does not verify: {result.Breaks.Count} of {result.Chains} chain(s) broken, {result.Lines} line(s) read.");
        if (result.Intact && chain is not null && result.Last is { } head)
        {
            // What to keep elsewhere: --anchor with it shows later whether the chain still holds that line.
            await output.WriteLineAsync($"Head of {Name(chain)}: link {head.Link}, hash {head.Hash} (anchor {head.Link}:{head.Hash})");
        }

        return result.Intact && holdsAnchor;

        async IAsyncEnumerable<AuditLine> Watch(IAsyncEnumerable<AuditLine> lines, [EnumeratorCancellation] CancellationToken token = default)
        {
            await foreach (var line in lines.WithCancellation(token))
            {
                if (anchored is { } at && line.Link == at.Link)
                {
                    anchoredHashFound = line.Hash;
                }

                yield return line;
            }
        }
    }

    private static bool TryAnchor(string text, out (long Link, string Hash) anchor)
    {
        var parts = text.Split(':');
        anchor = default;
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var link) || link < 1
            || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
        {
            return false;
        }

        anchor = (link, parts[1].ToLowerInvariant());
        return true;
    }

    private static string Name(string chain) => Guid.TryParse(chain, out _) ? $"case {chain}" : chain;
}
