using Hotline.Access;
using Hotline.Domain;
using Hotline.Partners;
using Hotline.Routing;
using Hotline.Supervision;
using Hotline.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hotline.Hosting;

/// <summary>Services both silos and gateways need.</summary>
public static class HotlineCoreExtensions
{
    /// <summary>Services both silos and gateways need: topology, routing settings, the clock.</summary>
    public static IServiceCollection AddHotlineCore(this IServiceCollection services, IConfiguration configuration)
    {
        // The embedded gateway and its silo share one container: register once.
        if (services.Any(d => d.ServiceType == typeof(RegionTopology)))
        {
            return services;
        }

        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section))
            .Validate(o => o.MaxWaitingPerRegion is >= 1 and <= 100_000, $"{RoutingOptions.Section}:MaxWaitingPerRegion must be from 1 to 100,000")
            .Validate(o => o.Aging.IsValid(), $"{RoutingOptions.Section}:Aging steps must each be from a second to a day, and none shorter than the step below it")
            .Validate(o => o.SkillRelaxation.Values.Concat(o.LanguageRelaxation.Values).All(w => w > TimeSpan.Zero && w <= TimeSpan.FromDays(1)),
                $"{RoutingOptions.Section}:SkillRelaxation and LanguageRelaxation waits must each be more than zero and at most a day")
            .Validate(o => o.WrapUp.IsValid(), $"{RoutingOptions.Section}:WrapUp:{{Voice,Sms,Chat,Messenger,WalkIn}} must each be from zero to one hour")
            .Validate(o => o.CallBack.MaxAttempts is >= 1 and <= 20, $"{RoutingOptions.Section}:CallBack:MaxAttempts must be from 1 to 20")
            .Validate(o => o.CallBack.RetryDelay >= TimeSpan.FromMinutes(1) && o.CallBack.RetryDelay <= TimeSpan.FromDays(7), $"{RoutingOptions.Section}:CallBack:RetryDelay must be from one minute to seven days")
            .Validate<RegionTopology>((o, topology) => o.OnCall.Length == 0 || topology.RegionsByCode.ContainsKey(o.OnCall), $"{RoutingOptions.Section}:OnCall must be empty or the code of a region in the topology")
            .ValidateOnStart();
        // Opening hours are read again whenever the settings change (IOptionsMonitor), without a restart.
        services.AddOptions<RegionHoursOptions>().Bind(configuration.GetSection("Hotline")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegionHoursOptions>, RegionHoursValidation>();
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section))
            .Validate(o => o.ResponderReadsFor >= TimeSpan.Zero && o.ResponderReadsFor <= AccessOptions.Longest, $"{AccessOptions.Section}:ResponderReadsFor must be from zero to ten years")
            .Validate(o => o.OperatorReadsFor >= TimeSpan.Zero && o.OperatorReadsFor <= AccessOptions.Longest, $"{AccessOptions.Section}:OperatorReadsFor must be from zero to ten years")
            .ValidateOnStart();
        services.AddOptions<SupervisionOptions>().Bind(configuration.GetSection(SupervisionOptions.Section))
            .Validate(o => o.ServiceLevelThreshold >= TimeSpan.FromSeconds(1) && o.ServiceLevelThreshold <= TimeSpan.FromHours(1), $"{SupervisionOptions.Section}:ServiceLevelThreshold must be from one second to one hour")
            .Validate(o => o.UpdateInterval >= TimeSpan.FromMilliseconds(50) && o.UpdateInterval <= TimeSpan.FromSeconds(10), $"{SupervisionOptions.Section}:UpdateInterval must be from 50 ms to 10 seconds")
            .Validate(o => o.CrisisRealertAfter >= TimeSpan.FromSeconds(5) && o.CrisisRealertAfter <= TimeSpan.FromHours(1), $"{SupervisionOptions.Section}:CrisisRealertAfter must be from five seconds to one hour")
            .Validate(o => o.DisconnectGrace >= TimeSpan.Zero && o.DisconnectGrace <= TimeSpan.FromMinutes(10), $"{SupervisionOptions.Section}:DisconnectGrace must be from zero to ten minutes")
            .Validate(o => o.CounterSaveInterval >= TimeSpan.FromSeconds(5) && o.CounterSaveInterval <= TimeSpan.FromMinutes(10), $"{SupervisionOptions.Section}:CounterSaveInterval must be from five seconds to ten minutes")
            .Validate(o => o.StreamBacklog is >= 16 and <= 100_000, $"{SupervisionOptions.Section}:StreamBacklog must be from 16 to 100,000 events")
            .Validate(o => TryZone(o), $"{SupervisionOptions.Section}:TimeZone must be a time zone id known to this machine (such as Asia/Baku or UTC)")
            .ValidateOnStart();
        services.AddSingleton(_ =>
        {
            var file = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()?.File ?? new TopologyOptions().File;
            return RegionTopology.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file));
        });
        services.AddSingleton(sp =>
        {
            var file = configuration.GetSection(PartnerOptions.Section).Get<PartnerOptions>()?.File ?? new PartnerOptions().File;
            return PartnerDirectory.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file), sp.GetRequiredService<RegionTopology>());
        });
        services.TryAddKeyedSingleton(HotlineClock.ServiceKey, TimeProvider.System);
        // The wall clock, by which tokens are stamped and expire (see RevocationGrain).
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    private static bool TryZone(SupervisionOptions options)
    {
        try
        {
            options.Zone();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Refuses opening hours that do not read, naming the setting and the rule.</summary>
    private sealed class RegionHoursValidation(RegionTopology topology) : IValidateOptions<RegionHoursOptions>
    {
        public ValidateOptionsResult Validate(string? name, RegionHoursOptions options)
        {
            if (options.Regions.Keys.FirstOrDefault(code => !topology.RegionsByCode.ContainsKey(code)) is { } unknown)
            {
                return ValidateOptionsResult.Fail($"{RegionHoursOptions.Section}:{unknown} is not a region of the topology");
            }

            return options.FirstError() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
        }
    }
}
