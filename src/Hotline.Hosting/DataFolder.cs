using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting;

/// <summary>Where an embedded hotline keeps its data, for hosts that only need to say so.</summary>
public static class DataFolder
{
    /// <summary>The configured data folder (<c>Hotline:Storage:DataDirectory</c>), as a full path.</summary>
    public static string Of(IConfiguration configuration) =>
        Path.GetFullPath((configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()).DataDirectory);
}
