using System.CommandLine;
using System.CommandLine.Help;
using Hotline.Hosting;
using Hotline.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotline.Silo;

/// <summary>
/// The silo's command line: running the silo is the default, <c>schema apply</c> applies the
/// database schema and exits (for administrators who keep Hotline:Storage:ApplySchema off on
/// the silos). Every other argument is a configuration setting, <c>--Section:Key=value</c>.
/// </summary>
internal static class SiloCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private const string Settings = "Settings as in appsettings.json, e.g. --Hotline:Storage:Provider=Postgres --Hotline:Storage:ConnectionString=<connection string>";

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();

        // A setting's value may start with '@'; it is not the name of a response file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is not HelpAction)
        {
            var problems = parse.Errors.Select(e => e.Message).Concat(ConfigurationArguments.Problems(parse.UnmatchedTokens)).ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync(problem);
                }

                await Console.Error.WriteLineAsync("Run 'Hotline.Silo --help' to see the commands; settings are written --Section:Key=value.");
                return Usage;
            }
        }

        // The host handles SIGTERM itself and drains for up to 30 s; System.CommandLine's own
        // handler would end the process after its much shorter timeout. A failure to start
        // stays an unhandled exception, with its stack, as before.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    public static RootCommand Build()
    {
        var root = new RootCommand($"Hotline's routing engine, an Orleans silo. {Settings}.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction(async parse =>
        {
            var builder = CreateBuilder(parse);

            // Stopping drains: grains deactivate (their state is already on disk) and the cluster is
            // told this silo is leaving, so its grains activate elsewhere at once.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
            builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
            await builder.Build().RunAsync();
            return Ok;
        });

        var apply = new Command("apply", $"Apply the configured database's schema (idempotent), report its versions and exit. {Settings}.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        apply.SetAction(async (parse, cancellationToken) =>
        {
            var applied = await SchemaCommand.ApplyAsync(CreateBuilder(parse).Configuration, parse.InvocationConfiguration.Output, cancellationToken);
            return applied ? Ok : Failed;
        });
        root.Subcommands.Add(new Command("schema", "The database schema") { apply });
        root.Subcommands.Add(Certificates());
        root.Subcommands.Add(BackupCommands.Backup(CreateBuilder));
        root.Subcommands.Add(BackupCommands.Restore(CreateBuilder));
        root.Subcommands.Add(AuditCommands.Audit(CreateBuilder));
        root.Subcommands.Add(KeyRingCertificateCommand());
        return root;
    }

    private static Command KeyRingCertificateCommand()
    {
        var folder = new Option<DirectoryInfo>("--out") { Description = "Folder to write key-ring.pem and key-ring.key (owner-only) to", Required = true };
        var command = new Command("key-ring-certificate", "Make the RSA certificate that encrypts the key ring at rest, for Hotline:Security:KeyRingCertificate (kept if already there)") { folder };
        command.SetAction(parse =>
        {
            var target = parse.GetRequiredValue(folder).FullName;
            using var certificate = KeyRingCertificate.EnsureIn(target);
            parse.InvocationConfiguration.Output.WriteLine(
                $"{Path.Combine(target, KeyRingCertificate.CertificateFileName)} and {Path.Combine(target, KeyRingCertificate.KeyFileName)}: give both to every silo "
                + "(Hotline:Security:KeyRingCertificate and :KeyRingCertificateKey) and back them up with the key folder");
            return Ok;
        });
        return command;
    }

    private static Command Certificates()
    {
        var folder = new Option<DirectoryInfo>("--out") { Description = "Folder of the CA and the certificates", Required = true };
        var names = new Option<string[]>("--name") { Description = "A process to make a certificate for (repeat for each)", Required = true, AllowMultipleArgumentsPerToken = true };
        names.Validators.Add(result =>
        {
            // Each name becomes two file names in the folder: nothing that could leave it.
            if (result.GetValueOrDefault<string[]>()?.Any(n => !System.Text.RegularExpressions.Regex.IsMatch(n, "^[a-z0-9][a-z0-9-]{0,62}$")) == true)
            {
                result.AddError("--name must be lower-case letters, digits and hyphens (at most 63), starting with a letter or digit");
            }
        });
        var days = new Option<int>("--days") { Description = "How long the certificates are valid", DefaultValueFactory = _ => 365 };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                result.AddError("--days must be from 1 to 3650");
            }
        });
        var certs = new Command("certs", "Make the cluster's private CA (once) and a certificate per process, for Hotline:Cluster:Tls") { folder, names, days };
        certs.SetAction(parse =>
        {
            CertificateCommand.Make(parse.GetRequiredValue(folder).FullName, parse.GetRequiredValue(names), parse.GetValue(days), parse.InvocationConfiguration.Output);
            return Ok;
        });
        return certs;
    }

    // Settings ship beside the binary; the working directory is only where ./data goes. Only the
    // settings reach the configuration, not the command's own words.
    internal static HostApplicationBuilder CreateBuilder(ParseResult parse) =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. parse.UnmatchedTokens], ContentRootPath = AppContext.BaseDirectory });
}
