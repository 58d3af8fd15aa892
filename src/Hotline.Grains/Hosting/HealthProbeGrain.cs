namespace Hotline.Hosting;

/// <summary>Answers a gateway's health check: a silo of the cluster is reachable and running grains.</summary>
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    Task Ping();
}

[StatelessWorker]
public sealed class HealthProbeGrain : Grain, IHealthProbeGrain
{
    public Task Ping() => Task.CompletedTask;
}
