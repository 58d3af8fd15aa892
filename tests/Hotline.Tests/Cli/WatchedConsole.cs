using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace Hotline.Tests.Cli;

/// <summary>
/// A <see cref="RecordingConsole"/> whose text a test can await: a wait ends as soon as a write makes the
/// text show what it waits for, or fails after its timeout saying what it waited for and what was shown.
/// </summary>
public sealed class WatchedConsole : IAnsiConsole
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly RecordingConsole _console = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Shows, TaskCompletionSource Seen)> _waiting = [];

    /// <param name="terminal">Whether the client takes it for a terminal (and draws live displays on it).</param>
    public WatchedConsole(bool terminal = false) => _console.Profile.Capabilities.Interactive = terminal;

    /// <summary>Everything written so far.</summary>
    public string Output => _console.Output;

    /// <summary>Keys the test pushes for the client to read.</summary>
    public TestConsoleInput Input => _console.Input;

    public Profile Profile => _console.Profile;

    public IAnsiConsoleCursor Cursor => _console.Cursor;

    public IExclusivityMode ExclusivityMode => _console.ExclusivityMode;

    public RenderPipeline Pipeline => _console.Pipeline;

    IAnsiConsoleInput IAnsiConsole.Input => Input;

    /// <summary>Waits until the text written so far contains <paramref name="text"/>.</summary>
    public Task ShowsAsync(string text, TimeSpan? timeout = null) =>
        ShowsAsync(o => o.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    /// <summary>Waits until <paramref name="shows"/> holds for the text written so far.</summary>
    public async Task ShowsAsync(Func<string, bool> shows, string waitingFor, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add((shows, seen));
        }

        Notify();
        try
        {
            await seen.Task.WaitAsync(timeout ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The console did not show {waitingFor} within {(timeout ?? DefaultWait).TotalSeconds}s. It showed:\n{Output}");
        }
        finally
        {
            lock (_gate)
            {
                _waiting.Remove((shows, seen));
            }
        }
    }

    public void Clear(bool home) => _console.Clear(home);

    public void Write(IRenderable renderable)
    {
        _console.Write(renderable);
        Notify();
    }

    public void WriteAnsi(Action<AnsiWriter> action)
    {
        _console.WriteAnsi(action);
        Notify();
    }

    private void Notify()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            var output = Output;
            foreach (var (shows, seen) in _waiting.Where(w => w.Shows(output)))
            {
                seen.TrySetResult();
            }
        }
    }
}
