namespace Hotline;

/// <summary>Names of the grain storage providers.</summary>
public static class StorageNames
{
    /// <summary>The one store for all hotline grain state.</summary>
    public const string Hotline = "hotline";

    /// <summary>The ADO.NET provider under <see cref="Hotline"/>, which adds counting and write ordering.</summary>
    public const string Database = "hotline-database";
}
