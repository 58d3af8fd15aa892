namespace Hotline.Security;

/// <summary>
/// A random secret kept in a file of the key folder, made on first use and readable by the
/// hotline's own user only. Two processes starting together agree on one secret.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The secret in <paramref name="path"/>, created with <paramref name="bytes"/> random bytes when missing.</summary>
    public static byte[] ReadOrCreate(string path, int bytes = 32) =>
        Convert.FromBase64String(ReadOrCreateText(path, () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes))).Trim());

    /// <summary>
    /// The text of <paramref name="path"/>, written owner-only from <paramref name="make"/> when
    /// missing. Whoever writes first wins; a process that loses the race reads the winner's file.
    /// </summary>
    public static string ReadOrCreateText(string path, Func<string> make)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        var text = make();
        var temporary = WriteTemporary(path, text);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return text;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path);
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (replacing it), readable by the hotline's own user only.</summary>
    public static void WriteOwnerOnly(string path, string text) => File.Move(WriteTemporary(path, text), path, overwrite: true);

    /// <summary>A new owner-only file beside <paramref name="path"/> holding <paramref name="text"/>, in a folder only the owner may open.</summary>
    private static string WriteTemporary(string path, string text)
    {
        EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var stream = new FileStream(temporary, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
        return temporary;
    }

    /// <summary>
    /// Refuses a key folder that others could read: the folder, its sub-folders and every file
    /// in them but certificates (<c>.pem</c>, public by nature) must be the owner's alone.
    /// Names the first path found and the command that fixes it.
    /// </summary>
    public static void RequireOwnerOnly(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var paths = new[] { folder }.Concat(Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)));
        foreach (var path in paths)
        {
            if ((File.GetUnixFileMode(path) & others) != 0)
            {
                throw new InvalidOperationException(
                    $"The key folder holds secrets others can read: {path} is open to its group or to everyone. "
                    + $"Run: chmod -R go-rwx '{folder}' (and keep the folder owned by the hotline's user), then start again.");
            }
        }
    }

    /// <summary>Creates a folder for secrets that only the hotline's user may open.</summary>
    public static void EnsureFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }
}
