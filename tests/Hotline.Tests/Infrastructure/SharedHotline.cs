namespace Hotline.Tests.Infrastructure;

/// <summary>
/// One hotline for a whole test class (a class fixture), for tests that leave nothing behind
/// another test of the class would see. Tests that count, move the clock or need an empty
/// region derive from <see cref="HostedTest"/> instead.
/// </summary>
public class SharedHotline : IAsyncLifetime
{
    public HotlineHost Host { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Host = await HotlineHost.StartAsync();

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
