using PvpRegistry.Cli;

// The `pvp` tool: the registry's operations against the configured database, and the study analyses on CSV files.
return await Pvp.RunAsync(args);
