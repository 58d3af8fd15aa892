using Orleans.Configuration;

namespace Hotline.Hosting;

/// <summary>
/// How fast a cluster notices a silo that died: a hotline cannot wait the default minute before
/// contacts held by a dead silo are routed again. Probes every 2 s, a silo missing 3 in a row is
/// suspected, 2 votes declare it dead; calls to it fail after <see cref="ClusterSettings.ResponseTimeout"/>.
/// </summary>
internal static class ClusterTimings
{
    public static void Apply(ISiloBuilder silo, ClusterSettings cluster)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 3;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.MaxJoinAttemptTime = cluster.JoinTimeout;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
    }
}
