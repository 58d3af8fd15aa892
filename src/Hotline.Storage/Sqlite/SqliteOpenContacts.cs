using Hotline.Contacts;
using Microsoft.Data.Sqlite;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>The open-contacts index in the embedded SQLite file. Records come back with their personal fields still sealed.</summary>
public sealed class SqliteOpenContacts(string connectionString, string serviceId) : IOpenContacts
{
    private const string Select = """
        SELECT s.PayloadBinary
        FROM HotlineOpenContact i
        JOIN OrleansStorage s
          ON s.GrainIdHash = i.GrainIdHash AND s.GrainTypeHash = i.GrainTypeHash
         AND s.GrainIdN0 = i.GrainIdN0 AND s.GrainIdN1 = i.GrainIdN1
         AND s.GrainTypeString = i.GrainTypeString
         AND s.GrainIdExtensionString = i.GrainIdExtensionString
         AND s.ServiceId = i.ServiceId
        WHERE i.ServiceId = $service AND
        """;

    public Task<IReadOnlyList<ContactState>> WaitingIn(string region, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} i.Region = $key AND i.Status = 'Queued'", region, cancellationToken);

    public Task<IReadOnlyList<ContactState>> ConnectedTo(string responderId, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} i.ResponderId = $key AND i.Status = 'Connected'", responderId, cancellationToken);

    private async Task<IReadOnlyList<ContactState>> QueryAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$key", key);
        var found = new List<ContactState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ContactRecordJson.Deserialize((byte[])reader[0], sealer: null));
        }

        return found;
    }
}
