using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage;

/// <summary>
/// What the storage provider opens its connections from: a few long-lived connections to the
/// embedded file that keep every statement they have prepared. The provider opens a connection
/// and makes a new command for each read and write; on its own, SQLite would parse each
/// statement again every time, and compiling the index and audit triggers into a write costs
/// far more than running it. Here a command's text finds its prepared statement on the
/// connection lent out, and only its parameters change.
/// </summary>
public sealed class PreparedStatementDataSource(HotlineSqliteDataSource database) : DbDataSource
{
    private const int MaxIdle = 8;
    private readonly ConcurrentQueue<PreparedConnection> _idle = new();
    private int _disposed;

    public override string ConnectionString => database.ConnectionString;

    protected override DbConnection CreateDbConnection() => new LentConnection(this);

    internal async ValueTask<PreparedConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryDequeue(out var idle))
        {
            return idle;
        }

        return new PreparedConnection((SqliteConnection)await database.OpenConnectionAsync(cancellationToken));
    }

    internal void Return(PreparedConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0 && connection.IsOpen && _idle.Count < MaxIdle)
        {
            _idle.Enqueue(connection);
            return;
        }

        connection.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            while (_idle.TryDequeue(out var connection))
            {
                connection.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

/// <summary>An open connection and the commands prepared on it, by text.</summary>
internal sealed class PreparedConnection(SqliteConnection connection) : IDisposable
{
    private const int MaxStatements = 64;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public bool IsOpen => connection.State == ConnectionState.Open;

    public SqliteCommand CommandFor(string text)
    {
        if (_commands.TryGetValue(text, out var command))
        {
            return command;
        }

        if (_commands.Count >= MaxStatements)
        {
            Forget();
        }

        command = connection.CreateCommand();
        command.CommandText = text;
        _commands[text] = command;
        return command;
    }

    /// <summary>Drops a statement after a failure, so the next use prepares it afresh.</summary>
    public void Forget(string text)
    {
        if (_commands.Remove(text, out var command))
        {
            command.Dispose();
        }
    }

    public void Dispose()
    {
        Forget();
        connection.Dispose();
    }

    private void Forget()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}

/// <summary>
/// A connection as the provider sees it: on open it borrows a prepared connection, on close it
/// gives it back. It is a <see cref="SqliteConnection"/> only so the provider accepts it for its
/// invariant; it never opens a handle of its own.
/// </summary>
internal sealed class LentConnection(PreparedStatementDataSource source) : SqliteConnection
{
    private PreparedConnection? _lent;

    [AllowNull]
    public override string ConnectionString
    {
        get => source.ConnectionString;
        set
        {
            // Belongs to the data source.
        }
    }

    public override string Database => "main";

    public override string DataSource => _lent?.Connection.DataSource ?? "";

    public override string ServerVersion => _lent?.Connection.ServerVersion ?? "";

    public override ConnectionState State => _lent is null ? ConnectionState.Closed : ConnectionState.Open;

    public PreparedConnection Lent => _lent ?? throw new InvalidOperationException("The connection is not open.");

    public override void Open() => OpenAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task OpenAsync(CancellationToken cancellationToken) => _lent ??= await source.RentAsync(cancellationToken);

    public override void Close()
    {
        if (_lent is { } lent)
        {
            _lent = null;
            source.Return(lent);
        }
    }

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Lent.Connection.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new LentCommand(this);

    protected override void Dispose(bool disposing)
    {
        Close();
        base.Dispose(disposing);
    }
}

/// <summary>A command that runs as the prepared statement of its text on the lent connection.</summary>
internal sealed class LentCommand(LentConnection connection) : DbCommand
{
    // Holds the parameters the provider adds until the command runs.
    private readonly SqliteCommand _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("Only text commands are supported.");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A lent command stays on its connection.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    public override int ExecuteNonQuery() => Run(c => c.ExecuteNonQuery());

    public override object? ExecuteScalar() => Run(c => c.ExecuteScalar());

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => RunAsync(c => c.ExecuteNonQueryAsync(cancellationToken));

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => RunAsync(c => c.ExecuteScalarAsync(cancellationToken));

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        Run<DbDataReader>(c => c.ExecuteReader(behavior & ~CommandBehavior.CloseConnection));

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await RunAsync<DbDataReader>(async c => await c.ExecuteReaderAsync(behavior & ~CommandBehavior.CloseConnection, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _parameters.Dispose();
        }

        base.Dispose(disposing);
    }

    private T Run<T>(Func<SqliteCommand, T> execute)
    {
        var command = Bound();
        try
        {
            return execute(command);
        }
        catch
        {
            connection.Lent.Forget(CommandText);
            throw;
        }
    }

    private async Task<T> RunAsync<T>(Func<SqliteCommand, Task<T>> execute)
    {
        var command = Bound();
        try
        {
            return await execute(command);
        }
        catch
        {
            connection.Lent.Forget(CommandText);
            throw;
        }
    }

    private SqliteCommand Bound()
    {
        var command = connection.Lent.CommandFor(CommandText);
        command.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters.Parameters)
        {
            command.Parameters.Add(parameter);
        }

        command.Transaction = (SqliteTransaction?)DbTransaction;
        command.CommandTimeout = CommandTimeout;
        return command;
    }
}
