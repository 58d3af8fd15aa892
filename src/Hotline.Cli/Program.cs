return await Hotline.Cli.HotlineCli.RunAsync(args, Hotline.Cli.CliEnvironment.FromProcess());
