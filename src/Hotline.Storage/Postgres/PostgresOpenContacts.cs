using Hotline.Contacts;
using Npgsql;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>The open-contacts index in PostgreSQL (table HotlineOpenContact). Records come back with their personal fields still sealed.</summary>
public sealed class PostgresOpenContacts(NpgsqlDataSource dataSource, string serviceId) : IOpenContacts
{
    private const string Select = """
        SELECT s.payloadbinary
        FROM HotlineOpenContact i
        JOIN OrleansStorage s
          ON s.grainidhash = i.GrainIdHash AND s.graintypehash = i.GrainTypeHash
         AND s.grainidn0 = i.GrainIdN0 AND s.grainidn1 = i.GrainIdN1
         AND s.graintypestring = i.GrainTypeString
         AND s.grainidextensionstring = i.GrainIdExtensionString
         AND s.serviceid = i.ServiceId
        WHERE i.ServiceId = @service AND
        """;

    public Task<IReadOnlyList<ContactState>> WaitingIn(string region, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} i.Region = @key AND i.Status = 'Queued'", region, cancellationToken);

    public Task<IReadOnlyList<ContactState>> ConnectedTo(string responderId, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} i.ResponderId = @key AND i.Status = 'Connected'", responderId, cancellationToken);

    private async Task<IReadOnlyList<ContactState>> QueryAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("key", key);
        var found = new List<ContactState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ContactRecordJson.Deserialize(reader.GetFieldValue<byte[]>(0), sealer: null));
        }

        return found;
    }
}
