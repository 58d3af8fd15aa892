namespace Hotline.Tests.Infrastructure;

/// <summary>Unix file modes as tests check them (Windows has none to check).</summary>
public static class FileModes
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>True when neither the file's group nor anyone else may read, write or open it.</summary>
    public static bool IsOwnerOnly(string path) => OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & Others) == 0;
}
