using Hotline.Tests.Infrastructure;
using Npgsql;

namespace Hotline.Tests.Cluster;

/// <summary>
/// A database as deploy/cluster.sh sets one up: a new database owned by a login role of its own,
/// which applies the schema, and a second login role, the runtime role, the hotline connects as.
/// </summary>
public sealed record OwnedDatabase(string Owner, string Runtime, string AsOwner, string AsRuntime)
{
    /// <summary>Creates both roles (new names each time) and the database on <paramref name="server"/>.</summary>
    public static async Task<OwnedDatabase> CreateAsync(PostgresServer server)
    {
        var (owner, runtime, database) = ($"owner_{Guid.NewGuid():N}", $"runtime_{Guid.NewGuid():N}", $"audit_{Guid.NewGuid():N}");
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString()))
        {
            foreach (var sql in new[] { $"CREATE ROLE {owner} LOGIN", $"CREATE ROLE {runtime} LOGIN", $"CREATE DATABASE {database} OWNER {owner}" })
            {
                await using var command = admin.CreateCommand(sql);
                await command.ExecuteNonQueryAsync();
            }
        }

        string As(string role) => new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Username = role }.ConnectionString;
        return new OwnedDatabase(owner, runtime, As(owner), As(runtime));
    }
}
