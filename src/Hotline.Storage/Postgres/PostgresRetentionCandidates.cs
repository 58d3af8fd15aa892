using Npgsql;

namespace Hotline.Retention;

/// <summary>Reads retention candidates from the contact records in PostgreSQL.</summary>
public sealed class PostgresRetentionCandidates(NpgsqlDataSource dataSource, string serviceId) : IRetentionCandidates
{
    public async Task<IReadOnlyList<Guid>> CasesEndedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Contact records are JSON (see ContactRecordJson); a case is its contacts' CaseId.
        // hotline_payload_json (Storage/Postgres/002-open-contacts.sql) skips records that are not JSON.
        await using var command = dataSource.CreateCommand("""
            SELECT p ->> 'CaseId' AS CaseId
            FROM (SELECT hotline_payload_json(payloadbinary) AS p FROM OrleansStorage
                  WHERE serviceid = @service AND graintypestring = 'contact') AS contacts
            WHERE p IS NOT NULL
            GROUP BY p ->> 'CaseId'
            HAVING count(*) FILTER (WHERE p ->> 'EndedAt' IS NULL) = 0
               AND max((p ->> 'EndedAt')::timestamptz) < @cutoff
               AND count(*) FILTER (WHERE p ->> 'ErasedAt' IS NULL) > 0
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
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
