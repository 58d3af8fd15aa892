using System.CommandLine;
using Hotline.Hosting.Backup;
using Microsoft.Extensions.Hosting;

namespace Hotline.Silo;

/// <summary><c>backup database|keys --out</c> and <c>restore database|keys --from</c> (see <see cref="HotlineBackup"/>).</summary>
internal static class BackupCommands
{
    private const string Settings = "Settings as in appsettings.json, e.g. --Hotline:Storage:DataDirectory=<dir> --Hotline:Security:KeyDirectory=<dir>";

    public static Command Backup(Func<ParseResult, HostApplicationBuilder> settings) =>
        new("backup", "Back up a running hotline: its SQLite database and, apart from it, its key folder")
        {
            Step("database", "--out", "Copy the SQLite database, consistent while the hotline runs, into a new file", settings, HotlineBackup.BackupDatabase),
            Step("keys", "--out", "Copy the key folder into a new folder (owner-only)", settings, HotlineBackup.BackupKeys),
        };

    public static Command Restore(Func<ParseResult, HostApplicationBuilder> settings) =>
        new("restore", "Restore into a stopped hotline's empty data or key folder; never overwrites")
        {
            Step("database", "--from", "Put a database backup where the configured data folder has none", settings, HotlineBackup.RestoreDatabase),
            Step("keys", "--from", "Put a key folder backup where the configured key folder is missing or empty", settings, HotlineBackup.RestoreKeys),
        };

    private static Command Step(string name, string option, string description, Func<ParseResult, HostApplicationBuilder> settings,
        Func<Microsoft.Extensions.Configuration.IConfiguration, string, TextWriter, bool> run)
    {
        var path = new Option<FileSystemInfo>(option) { Description = option == "--out" ? "Where the backup goes (must not exist)" : "The backup to restore", Required = true };
        var command = new Command(name, $"{description}. {Settings}.") { path };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => run(settings(parse).Configuration, parse.GetRequiredValue(path).FullName, parse.InvocationConfiguration.Output)
            ? SiloCommand.Ok : SiloCommand.Failed);
        return command;
    }
}
