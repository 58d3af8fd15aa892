using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Hotline.Audit;

/// <summary>
/// How audit lines are chained and checked. Each line's hash covers the hash of the line before
/// it in its chain (a case's lines, or a region's staff lines) and every field of its own, so
/// editing, removing or reordering a line breaks the chain at that line or the next. PostgreSQL
/// computes the same link in SQL (003-audit.sql, <c>hotline_audit_link</c>); SQLite calls
/// <see cref="Link"/> through a function registered on each of the hotline's connections.
/// </summary>
public static class AuditChain
{
    /// <summary>The name of the SQL function that computes a link (SQLite and PostgreSQL alike).</summary>
    public const string FunctionName = "hotline_audit_link";

    private const string RegionPrefix = "region:";

    /// <summary>The chain of a case's lines: the case id.</summary>
    public static string OfCase(Guid caseId) => caseId.ToString();

    /// <summary>The chain of a region's staff lines (presence changes).</summary>
    public static string OfRegion(string region) => RegionPrefix + region;

    /// <summary>
    /// The hash of a line: SHA-256, in lower-case hex, of the previous line's hash and the
    /// line's fields, each written as its UTF-8 length, a colon, itself and a semicolon (a
    /// missing one as a dash and a semicolon), so no two different lines read alike.
    /// </summary>
    public static string Link(string? previous, string serviceId, string chain, long link, string? caseId, string? contactId,
        string? responderId, string at, string actor, string role, string action)
    {
        var text = new StringBuilder(256);
        foreach (var field in (ReadOnlySpan<string?>)[previous, serviceId, chain, link.ToString(System.Globalization.CultureInfo.InvariantCulture),
            caseId, contactId, responderId, at, actor, role, action])
        {
            if (field is null)
            {
                text.Append("-;");
            }
            else
            {
                text.Append(Encoding.UTF8.GetByteCount(field)).Append(':').Append(field).Append(';');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The hash a stored line should carry after <paramref name="previous"/>.</summary>
    public static string Expected(string? previous, AuditLine line) =>
        Link(previous, line.ServiceId, line.Chain, line.Link, line.CaseId, line.ContactId, line.ResponderId, line.At, line.Actor, line.Role, line.Action);

    /// <summary>
    /// Makes <see cref="Link"/> callable from SQL on this connection: the audit's triggers use it,
    /// so a connection without it cannot write a contact, a case or an audit line.
    /// </summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string, string, long, string?, string?, string?, string, string, string, string, string>(
            FunctionName, Link, isDeterministic: true);

    /// <summary>
    /// Checks lines given in chain order (by service, chain, then link number): each chain must
    /// number its lines 1, 2, 3 ... and each line carry the hash of its fields after the line before.
    /// Reports the first broken line of every broken chain.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditLine> lines, CancellationToken cancellationToken = default)
    {
        var breaks = new List<AuditBreak>();
        var (chains, count) = (0, 0L);
        AuditLine? previous = null;
        var broken = false;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            count++;
            var sameChain = previous is not null && previous.ServiceId == line.ServiceId && previous.Chain == line.Chain;
            if (!sameChain)
            {
                chains++;
                broken = false;
            }

            if (!broken && Problem(sameChain ? previous : null, line) is { } problem)
            {
                breaks.Add(new AuditBreak(line.ServiceId, line.Chain, line.Link, line.Seq, problem));
                broken = true;
            }

            previous = line;
        }

        return new AuditVerification(chains, count, breaks, previous);
    }

    private static string? Problem(AuditLine? previous, AuditLine line)
    {
        var expected = (previous?.Link ?? 0) + 1;
        if (line.Link != expected)
        {
            return line.Link > expected ? $"the line before it (link {expected}) is missing" : "its link number repeats or goes back";
        }

        return Expected(previous?.Hash, line) == line.Hash ? null : "its hash does not match its fields and the line before it";
    }
}
