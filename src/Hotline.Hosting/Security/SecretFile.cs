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
    public static byte[] ReadOrCreate(string path, int bytes = 32)
    {
        if (File.Exists(path))
        {
            return Read(path);
        }

        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes);
        var temporary = WriteTemporary(path, Convert.ToBase64String(secret));
        try
        {
            // Whoever moves first wins; a loser reads the winner's secret.
            File.Move(temporary, path, overwrite: false);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Read(path);
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

    private static byte[] Read(string path) => Convert.FromBase64String(File.ReadAllText(path).Trim());
}
