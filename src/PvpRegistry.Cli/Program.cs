using PvpRegistry.Cli.Analysis;

return args.Length == 0 ? Usage() : args[0] switch
{
    "km" => KmCommand.Run(args[1..]),
    "logrank" => LogRankCommand.Run(args[1..]),
    "cox" => CoxCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: pvp km|logrank|cox --input FILE ... (see docs/analysis.md)");
    return 2;
}
