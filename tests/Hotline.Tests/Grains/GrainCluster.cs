using Hotline.Domain;
using Hotline.Hosting;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Hotline.Tests.Grains;

/// <summary>
/// The grains on Orleans' in-process test cluster: one silo with the hotline's own grain
/// storage on a SQLite file of its own, the hotline's clock under the tests' control. One per
/// test collection; tests keep apart by using ids of their own.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    private readonly string _data = HotlineHost.NewDataDirectory();
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Clock { get; } = new(HotlineHost.Start);

    public IGrainFactory Grains => Cluster.Client;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not deployed");

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hotline:Storage:DataDirectory"] = _data,
            ["Hotline:Routing:TickInterval"] = "00:00:00.050",
            ["Hotline:Supervision:DisconnectGrace"] = "00:00:00",
            ["Hotline:Routing:WrapUp:Voice"] = "00:00:00",
            ["Hotline:Routing:WrapUp:Sms"] = "00:00:00",
            ["Hotline:Routing:WrapUp:Chat"] = "00:00:00",
            ["Hotline:Routing:WrapUp:Messenger"] = "00:00:00",
            ["Hotline:Routing:WrapUp:WalkIn"] = "00:00:00",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(HotlineClock.ServiceKey, Clock);
            silo.AddHotlineGrains(configuration, "hotline-grain-tests");
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        HotlineHost.TryDelete(_data);
    }
}

/// <summary>Grain tests share one test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "grains";
}
