using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary>Keys typed while a live command runs. The console raises no event for a key, so it is polled.</summary>
internal static class Keyboard
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>The key pressed, lower-cased; null when none was, or when there is no keyboard (input redirected).</summary>
    public static char? Read(IAnsiConsole console)
    {
        try
        {
            return console.Input.IsKeyAvailable() && console.Input.ReadKey(intercept: true) is { } key ? char.ToLowerInvariant(key.KeyChar) : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Returns once q is pressed; without a keyboard only cancellation ends it.</summary>
    public static async Task WaitForQuitAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            while (!(console.Input.IsKeyAvailable() && console.Input.ReadKey(intercept: true) is { KeyChar: 'q' or 'Q' }))
            {
                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (InvalidOperationException)
        {
            // No keyboard (input redirected): asking again would only fail again.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
