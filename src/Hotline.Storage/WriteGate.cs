namespace Hotline.Storage;

/// <summary>
/// Hands SQLite one commit at a time: grain-state writes and audit appends queue here in
/// order instead of meeting the database lock and its sleep-and-retry busy handling.
/// A database that takes concurrent writers (PostgreSQL) does not use one.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write)
    {
        await _gate.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public Task RunAsync(Func<Task> write) => RunAsync(async () =>
    {
        await write();
        return true;
    });
}
