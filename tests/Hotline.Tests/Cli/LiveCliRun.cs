extern alias cli;

using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using CliEnvironment = cli::Hotline.Cli.CliEnvironment;
using HotlineCli = cli::Hotline.Cli.HotlineCli;

namespace Hotline.Tests.Cli;

/// <summary>
/// A live command (the board, <c>responder listen</c>) running in this process against a hotline, reached
/// at its own address or through a <see cref="TcpRelay"/>, on a console the test watches and types into.
/// Disposing interrupts it if the test did not end it.
/// </summary>
public sealed class LiveCliRun : IAsyncDisposable
{
    public static readonly TimeSpan EndWait = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _interrupt = new(TimeSpan.FromMinutes(2));
    private readonly StringWriter _error = new();

    private LiveCliRun(HotlineHost host, TokenClaims claims, string address, string[] args, bool terminal)
    {
        Console = new WatchedConsole(terminal);
        var environment = new CliEnvironment(Console, new StringWriter(), _error, _ => null, Time: host.Clock);
        Exit = Task.Run(() => HotlineCli.RunAsync([.. args, "--address", address, "--token", host.Token(claims)], environment, _interrupt.Token));
    }

    public WatchedConsole Console { get; }

    /// <summary>The exit code, once the command has ended.</summary>
    public Task<int> Exit { get; }

    /// <summary>What the command wrote to standard error, read once it has ended (it writes from its own thread).</summary>
    public string Error => Exit.IsCompleted ? _error.ToString() : throw new InvalidOperationException("Standard error is read once the command has ended.");

    public static LiveCliRun Start(HotlineHost host, TokenClaims claims, string address, params string[] args) =>
        new(host, claims, address, args, terminal: false);

    /// <summary>Starts it on a console it takes for a terminal.</summary>
    public static LiveCliRun OnTerminal(HotlineHost host, TokenClaims claims, string address, params string[] args) =>
        new(host, claims, address, args, terminal: true);

    /// <summary>Presses q and waits for the command to end; returns its exit code.</summary>
    public async Task<int> QuitAsync()
    {
        Console.Input.PushCharacter('q');
        try
        {
            return await Exit.WaitAsync(EndWait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The command did not end within {EndWait.TotalSeconds}s of q. It showed:\n{Console.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _interrupt.CancelAsync();
        try
        {
            await Exit.WaitAsync(EndWait);
        }
        catch (Exception error) when (error is TimeoutException || Exit.IsCompleted)
        {
            // Stuck, or ended by the interrupt or in a failure: a test that got this far without
            // ending it has failed already, and its own exception says why.
        }

        _interrupt.Dispose();
    }
}
