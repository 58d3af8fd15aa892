using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting;

/// <summary>The Orleans dashboard (section <c>Hotline:Dashboard</c>): off unless asked for, and only for admins.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Hotline:Dashboard";

    /// <summary>Collect grain and silo statistics for the dashboard and serve it on the gateway at /dashboard (admins only).</summary>
    public bool Enabled { get; set; }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetSection(Section).Get<DashboardSettings>()?.Enabled == true;
}
