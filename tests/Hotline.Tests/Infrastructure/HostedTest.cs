namespace Hotline.Tests.Infrastructure;

/// <summary>A test class with a fresh hotline of its own for each test.</summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected HotlineHost Host { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Host = await HotlineHost.StartAsync();

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
