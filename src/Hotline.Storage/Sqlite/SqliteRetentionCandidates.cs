using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hotline.Retention;

/// <summary>Reads retention candidates from the contact records in the embedded SQLite file.</summary>
public sealed class SqliteRetentionCandidates(string connectionString, string serviceId) : IRetentionCandidates
{
    public async Task<IReadOnlyList<Guid>> CasesEndedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Contact records are JSON (see ContactRecordJson); a case is its contacts' CaseId.
        command.CommandText = """
            SELECT json_extract(p, '$.CaseId') AS CaseId
            FROM (SELECT CAST(PayloadBinary AS TEXT) AS p FROM OrleansStorage
                  WHERE ServiceId = $service AND GrainTypeString = 'contact')
            WHERE json_valid(p)
            GROUP BY CaseId
            HAVING SUM(json_extract(p, '$.EndedAt') IS NULL) = 0
               AND MAX(julianday(json_extract(p, '$.EndedAt'))) < julianday($cutoff)
               AND SUM(json_extract(p, '$.ErasedAt') IS NULL) > 0
            """;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        var cases = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && Guid.TryParse(reader.GetString(0), out var id))
            {
                cases.Add(id);
            }
        }

        return cases;
    }
}
