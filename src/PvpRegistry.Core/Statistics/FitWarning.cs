namespace PvpRegistry.Core.Statistics;

/// <summary>
/// A caveat of a fit (Cox, repeated-measures ANOVA), structured where it arises: its <see cref="Code"/> and the values it
/// names (<see cref="Args"/>: for a Cox warning one comma-separated list of the covariates, none for the others) let a report
/// word it in its own language; <see cref="Text"/> is the English sentence <c>pvp</c> and its JSON print, built from them.
/// </summary>
public sealed record FitWarning(string Code, IReadOnlyList<string> Args, string Text)
{
    public override string ToString() => Text;

    /// <summary>The covariates as the English sentence quotes them: <c>'age', 'kps'</c>.</summary>
    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static IReadOnlyList<string> Covariates(IReadOnlyList<string> names) => [string.Join(",", names)];

    public static FitWarning CoxInfinite(string covariate) => new("cox_infinite", [covariate],
        $"Loglik converged before variable '{covariate}'; coefficient may be infinite. " +
        "Its b and SE are not estimates; a hazard ratio or limit that is not finite is written as null.");

    public static FitWarning CoxNotConverged(int iterations) => new("cox_not_converged", [],
        $"Ran out of iterations and did not converge (after {iterations}); the estimates are those of the last accepted step.");

    /// <summary>R's "may be infinite" after no convergence; <paramref name="covariates"/> may be empty (R names none).</summary>
    public static FitWarning CoxMayBeInfinite(IReadOnlyList<string> covariates) => new("cox_may_be_infinite", Covariates(covariates),
        "One or more coefficients may be infinite" + (covariates.Count > 0 ? $" ({Quoted(covariates)})" : "") +
        "; a hazard ratio or limit that is not finite is written as null.");

    public static FitWarning CoxSingular(IReadOnlyList<string> covariates) => new("cox_singular", Covariates(covariates),
        $"X matrix deemed to be singular; variable {Quoted(covariates)}: " +
        "collinear with the covariates before it (or constant), so not estimated; its values are written as null.");

    public static FitWarning RmAnovaHuynhFeldt(int nu, int p) => new("rm_anova_huynh_feldt", [],
        $"Too few subjects for the Huynh-Feldt epsilon (nu = {nu}, p = {p}); the Greenhouse-Geisser epsilon is used in its place.");

    public static FitWarning RmAnovaMauchly(int nu, int p) => new("rm_anova_mauchly", [],
        $"Fewer error degrees of freedom ({nu}) than contrasts ({p}): Mauchly's test is not available.");
}
