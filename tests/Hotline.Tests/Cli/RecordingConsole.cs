using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace Hotline.Tests.Cli;

/// <summary>
/// A plain-text console a test can read while the client writes to it from another thread, with keys the test
/// pushes. Spectre's own test console keeps its text in a writer that must not be read during a write.
/// </summary>
public sealed class RecordingConsole : IAnsiConsole
{
    private readonly LockedWriter _text = new();
    private readonly IAnsiConsole _console;

    public RecordingConsole(int width = 400)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_text),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        _console.Profile.Width = width;
        _console.Profile.Height = 24;
    }

    /// <summary>Everything written so far.</summary>
    public string Output => _text.ToString();

    /// <summary>Keys the test pushes for the client to read.</summary>
    public TestConsoleInput Input { get; } = new();

    public Profile Profile => _console.Profile;

    public IAnsiConsoleCursor Cursor => _console.Cursor;

    public IExclusivityMode ExclusivityMode => _console.ExclusivityMode;

    public RenderPipeline Pipeline => _console.Pipeline;

    IAnsiConsoleInput IAnsiConsole.Input => Input;

    public void Clear(bool home) => _console.Clear(home);

    public void Write(IRenderable renderable) => _console.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => _console.WriteAnsi(action);

    /// <summary>A text writer whose every write and read holds one lock.</summary>
    private sealed class LockedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate)
            {
                _text.Append(buffer, index, count);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }
}
