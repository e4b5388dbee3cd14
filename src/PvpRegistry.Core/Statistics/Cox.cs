namespace PvpRegistry.Core.Statistics;

/// <summary>Handling of tied event times. <see cref="Efron"/> is R coxph's default; <see cref="Breslow"/> is SPSS COXREG's only method.</summary>
public enum CoxTies
{
    Efron = 0,
    Breslow,
}

/// <summary>Newton-Raphson settings; the defaults are R's <c>coxph.control()</c>.</summary>
public sealed record CoxOptions
{
    /// <summary>Converged when |1 - ll_old / ll_new| &lt;= this (R <c>eps = 1e-9</c>).</summary>
    public double Tolerance { get; init; } = 1e-9;
    /// <summary>R <c>iter.max = 20</c>.</summary>
    public int MaxIterations { get; init; } = 20;
    /// <summary>Pivot tolerance of the Cholesky decomposition (R <c>toler.chol</c>, .Machine$double.eps^0.75).</summary>
    public double CholeskyTolerance { get; init; } = 1.8189894035458617e-12;
    /// <summary>Level of the hazard-ratio confidence interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    public static CoxOptions Default { get; } = new();
}

/// <summary>A chi-square test with its degrees of freedom and upper-tail p.</summary>
public sealed record ChiSquareTest(double ChiSquare, int Df, double P);

/// <summary>
/// One row of the coefficient table: b, SE, Wald = (b/SE)², p, HR = exp(b) with its confidence interval.
/// A covariate found singular (collinear with those before it, or constant) has NaN everywhere (R's NA);
/// with monotone likelihood (<see cref="MayBeInfinite"/>) b is finite but meaningless and HR or a limit may be
/// 0 or infinite, as R prints them.
/// </summary>
public sealed record CoxCoefficient(string Name, double B, double SE, double Wald, double P, double HazardRatio, double HazardRatioLower, double HazardRatioUpper)
{
    /// <summary>R's "Loglik converged before variable ...; coefficient may be infinite": the estimate is drifting to ±infinity.</summary>
    public bool MayBeInfinite { get; init; }
    /// <summary>R's "X matrix deemed to be singular": the covariate is not estimated.</summary>
    public bool Singular => double.IsNaN(B);
    /// <summary>A finite estimate worth reading: neither singular nor drifting to infinity.</summary>
    public bool Estimable => !Singular && !MayBeInfinite;
}

/// <summary>A fitted Cox model. Tests are null for a model without covariates.</summary>
public sealed record CoxFit(
    CoxTies Ties,
    int N,
    int Events,
    IReadOnlyList<CoxCoefficient> Coefficients,
    double[,] Covariance,
    double LogLikNull,
    double LogLik,
    ChiSquareTest? LikelihoodRatio,
    ChiSquareTest? Score,
    ChiSquareTest? Wald,
    int Iterations,
    bool Converged,
    IReadOnlyList<FitWarning> Warnings)
{
    public IReadOnlyList<string> Names => Coefficients.Select(c => c.Name).ToArray();
}

/// <summary>Stepwise selection as SPSS COXREG offers it.</summary>
public enum CoxSelection
{
    /// <summary>Forward LR: enter on the score test (p &lt; entry), remove on the likelihood-ratio test (p &gt; removal).</summary>
    ForwardLikelihoodRatio,
    /// <summary>Backward Wald: start from all, remove on the Wald test (p &gt; removal), re-enter on the score test.</summary>
    BackwardWald,
}

public enum CoxStepAction { Entered, Removed }

/// <summary>One step of a selection: which covariate moved, on which test.</summary>
public sealed record CoxStep(int Number, CoxStepAction Action, string Covariate, double ChiSquare, int Df, double P, double LogLik);

public sealed record CoxStepwiseResult(CoxSelection Selection, double EntryP, double RemovalP, IReadOnlyList<CoxStep> Steps, CoxFit Model);

/// <summary>The data cannot support the requested Cox model (no events, constant or collinear covariates, ...).</summary>
public sealed class CoxModelException(RegistryMessage reason) : Exception(reason.English), ICodedException
{
    public RegistryMessage Coded { get; } = reason;
}

/// <summary>
/// Cox proportional hazards regression as R's <c>coxph</c>: Newton-Raphson from beta = 0 with step halving,
/// covariates centred, variance = inverse information. Data are sorted once; every iteration is one pass
/// from the largest time down with cumulative sums over the risk set (O(n p²)).
/// </summary>
public static class Cox
{
    public static CoxFit Fit(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, IReadOnlyList<double[]> covariates,
        IReadOnlyList<string> names, CoxTies ties = CoxTies.Efron, CoxOptions? options = null)
    {
        var data = CoxData.Create(time, died, covariates, names);
        var all = Enumerable.Range(0, covariates.Count).ToArray();
        return Fit(data, all, ties, options ?? CoxOptions.Default);
    }

    /// <summary>
    /// Stepwise selection (SPSS COXREG defaults: entry p &lt; 0.05 on the score test, removal p &gt; 0.10).
    /// </summary>
    public static CoxStepwiseResult Stepwise(ReadOnlySpan<double> time, ReadOnlySpan<bool> died, IReadOnlyList<double[]> covariates,
        IReadOnlyList<string> names, CoxSelection selection, CoxTies ties = CoxTies.Efron, double entryP = 0.05, double removalP = 0.10,
        CoxOptions? options = null)
    {
        if (!(entryP > 0 && entryP < removalP && removalP < 1))
            throw new ArgumentOutOfRangeException(nameof(entryP), "Need 0 < entry p < removal p < 1.");
        var data = CoxData.Create(time, died, covariates, names);
        var fits = new FitCache(data, ties, options ?? CoxOptions.Default);
        int p = covariates.Count;
        var inModel = selection == CoxSelection.BackwardWald ? Enumerable.Range(0, p).ToList() : new List<int>();
        var steps = new List<CoxStep>();
        var seen = new HashSet<string> { Key(inModel) };
        var current = fits.Fit(inModel);

        for (int guard = 0; guard < 4 * p + 4; guard++)
        {
            bool changed;
            if (selection == CoxSelection.ForwardLikelihoodRatio)
            {
                // As SPSS: after each entry, the variables already in the model are examined for removal.
                changed = TryEnter(fits, inModel, current, entryP, steps, seen, ref current);
                while (TryRemove(fits, inModel, current, removalP, selection, steps, seen, ref current)) changed = true;
            }
            else
            {
                // As SPSS: after each removal, the variables left out are examined for entry.
                changed = TryRemove(fits, inModel, current, removalP, selection, steps, seen, ref current);
                if (changed) TryEnter(fits, inModel, current, entryP, steps, seen, ref current);
            }
            if (!changed) break;
        }
        return new CoxStepwiseResult(selection, entryP, removalP, steps, current);
    }

    /// <summary>
    /// The models fitted during a selection, by their covariates in model order: a model met again (the one
    /// before the last entry, examined for removal) is not refitted. The order is part of the key because the
    /// floating-point sums, and so the last digits, follow it.
    /// </summary>
    private sealed class FitCache(CoxData data, CoxTies ties, CoxOptions options)
    {
        private readonly Dictionary<string, CoxFit> _fits = new(StringComparer.Ordinal);

        public CoxData Data => data;
        public CoxTies Ties => ties;
        public CoxOptions Options => options;

        public CoxFit Fit(IReadOnlyList<int> cols)
        {
            var key = string.Join(",", cols);
            if (!_fits.TryGetValue(key, out var fit)) _fits[key] = fit = Cox.Fit(data, cols.ToArray(), ties, options);
            return fit;
        }
    }

    /// <summary>Prognostic index per subject: sum of b × x over the model's covariates (uncentred), in the order of <see cref="CoxFit.Coefficients"/>.</summary>
    public static double[] PrognosticIndex(CoxFit fit, IReadOnlyList<double[]> covariates)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(covariates);
        if (covariates.Count != fit.Coefficients.Count)
            throw new ArgumentException("One covariate column per coefficient is needed.", nameof(covariates));
        int n = covariates.Count == 0 ? 0 : covariates[0].Length;
        var pi = new double[n];
        for (int j = 0; j < covariates.Count; j++)
        {
            var col = covariates[j];
            if (col.Length != n) throw new ArgumentException("Covariate columns differ in length.", nameof(covariates));
            double b = fit.Coefficients[j].Singular ? 0 : fit.Coefficients[j].B; // R's predict counts an NA coefficient as 0
            for (int i = 0; i < n; i++) pi[i] += b * col[i];
        }
        return pi;
    }

    private static string Key(IEnumerable<int> cols) => string.Join(",", cols.Order());

    /// <summary>
    /// Score test of each covariate left out, added to the current model at its coefficients (the added one at 0).
    /// One pass over the data with every covariate (the model's first, in model order, then the candidates) gives
    /// the score and information of all of them: each candidate's test reads its rows and columns, which are the
    /// numbers a pass over the model and that candidate alone would give, digit for digit.
    /// </summary>
    private static bool TryEnter(FitCache fits, List<int> inModel, CoxFit current, double entryP,
        List<CoxStep> steps, HashSet<string> seen, ref CoxFit fit)
    {
        var data = fits.Data;
        var candidates = Enumerable.Range(0, data.Columns.Length).Except(inModel).ToArray();
        if (candidates.Length == 0) return false;
        int m = inModel.Count, all = m + candidates.Length;
        var cols = inModel.Concat(candidates).ToArray();
        var beta = new double[all];
        for (int k = 0; k < m; k++) beta[k] = current.Coefficients[k].Singular ? 0 : current.Coefficients[k].B / data.Scales[inModel[k]];
        var u = new double[all];
        var imat = new double[all * all];
        var x = data.RentRowMajor(cols);
        try { data.Evaluate(x, all, beta, fits.Ties, u, imat); }
        finally { CoxData.ReturnRows(x); }

        int best = -1;
        double bestP = double.PositiveInfinity, bestChi = 0;
        var rows = new int[m + 1];
        for (int k = 0; k < m; k++) rows[k] = k;
        for (int c = 0; c < candidates.Length; c++)
        {
            rows[m] = m + c;
            double chi;
            try { chi = ScoreStatistic(u, imat, all, rows, fits.Options); }
            catch (CoxModelException) { continue; } // collinear with the model: cannot enter
            double p = Probability.ChiSquareUpper(chi, 1);
            if (p < bestP) { bestP = p; best = candidates[c]; bestChi = chi; }
        }
        if (best < 0 || !(bestP < entryP)) return false;
        var next = inModel.Append(best).ToList();
        if (!seen.Add(Key(next))) return false;
        inModel.Add(best);
        fit = fits.Fit(inModel);
        steps.Add(new CoxStep(steps.Count + 1, CoxStepAction.Entered, data.Names[best], bestChi, 1, bestP, fit.LogLik));
        return true;
    }

    private static bool TryRemove(FitCache fits, List<int> inModel, CoxFit current, double removalP,
        CoxSelection selection, List<CoxStep> steps, HashSet<string> seen, ref CoxFit fit)
    {
        if (inModel.Count == 0) return false;
        int worst = -1;
        double worstP = double.NegativeInfinity, worstChi = 0;
        CoxFit? worstFit = null;
        for (int k = 0; k < inModel.Count; k++)
        {
            double chi, p;
            CoxFit? reduced = null;
            if (selection == CoxSelection.BackwardWald)
            {
                chi = current.Coefficients[k].Wald;
                p = current.Coefficients[k].P;
            }
            else
            {
                reduced = fits.Fit(inModel.Where((_, i) => i != k).ToArray());
                chi = Math.Max(0, 2 * (current.LogLik - reduced.LogLik));
                p = Probability.ChiSquareUpper(chi, 1);
            }
            if (p > worstP) { worstP = p; worst = k; worstChi = chi; worstFit = reduced; }
        }
        if (!(worstP > removalP)) return false;
        var next = inModel.Where((_, i) => i != worst).ToList();
        if (!seen.Add(Key(next)) && selection == CoxSelection.ForwardLikelihoodRatio) return false;
        string name = fits.Data.Names[inModel[worst]];
        inModel.RemoveAt(worst);
        fit = worstFit ?? fits.Fit(inModel);
        steps.Add(new CoxStep(steps.Count + 1, CoxStepAction.Removed, name, worstChi, 1, worstP, fit.LogLik));
        return true;
    }

    /// <summary>u' I⁻¹ u over the chosen rows and columns of a score vector and information matrix (row-major, <paramref name="size"/> wide).</summary>
    private static double ScoreStatistic(double[] u, double[] imat, int size, int[] rows, CoxOptions opts)
    {
        int p = rows.Length;
        var l = new double[p, p];
        var us = new double[p];
        for (int i = 0; i < p; i++)
        {
            us[i] = u[rows[i]];
            for (int j = 0; j < p; j++) l[i, j] = imat[rows[i] * size + rows[j]];
        }
        if (Matrices.Decompose(l, opts.CholeskyTolerance) < p) throw new CoxModelException(new("stats_cox_singular"));
        var s = Matrices.Solve(l, us);
        double chi = 0;
        for (int i = 0; i < p; i++) chi += s[i] * us[i];
        return chi;
    }

    private static double[,] ToMatrix(double[] a, int p)
    {
        var m = new double[p, p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) m[i, j] = a[i * p + j];
        return m;
    }

    internal static CoxFit Fit(CoxData data, int[] cols, CoxTies ties, CoxOptions opts)
    {
        var x = data.RentRowMajor(cols);
        try { return Fit(data, cols, x, ties, opts); }
        finally { CoxData.ReturnRows(x); }
    }

    /// <summary>
    /// R's <c>coxfit6</c> and <c>coxph.fit</c>: Newton-Raphson on the centred and scaled covariates, a singular
    /// column of the information matrix held at 0 (reported NA with R's "X matrix deemed to be singular"), the
    /// "coefficient may be infinite" check when the log-likelihood converged, and the model tests over the
    /// estimated coefficients.
    /// </summary>
    private static CoxFit Fit(CoxData data, int[] cols, double[] x, CoxTies ties, CoxOptions opts)
    {
        int p = cols.Length;
        var warnings = new List<FitWarning>();
        var beta = new double[p];
        var u = new double[p];
        var imat = new double[p * p];
        double loglikNull = data.Evaluate(x, p, beta, ties, u, imat);
        if (p == 0)
            return new CoxFit(ties, data.N, data.Events, [], new double[0, 0], loglikNull, loglikNull, null, null, null, 0, true, warnings);

        var l = ToMatrix(imat, p);
        Matrices.Decompose(l, opts.CholeskyTolerance);
        var step = Matrices.Solve(l, u);
        double score = 0;
        for (int i = 0; i < p; i++) score += step[i] * u[i];

        var newBeta = (double[])step.Clone();
        double loglik = loglikNull, newLoglik;
        bool converged = false;
        int halving = 0, iter;
        for (iter = 1; iter <= opts.MaxIterations; iter++)
        {
            newLoglik = data.Evaluate(x, p, newBeta, ties, u, imat);
            l = ToMatrix(imat, p);
            Matrices.Decompose(l, opts.CholeskyTolerance);
            // exp overflow at a far step: not finite, so the step is halved (R's coxfit6).
            bool notFinite = !double.IsFinite(newLoglik) || u.Any(v => !double.IsFinite(v)) || imat.Any(v => !double.IsFinite(v));
            if (!notFinite && Math.Abs(1 - loglik / newLoglik) <= opts.Tolerance)
            {
                converged = true;
                loglik = newLoglik;
                Array.Copy(newBeta, beta, p);
                break;
            }
            if (notFinite || newLoglik < loglik)
            {
                halving++; // more aggressive each time it does not work
                for (int i = 0; i < p; i++) newBeta[i] = (newBeta[i] + halving * beta[i]) / (halving + 1.0);
            }
            else
            {
                halving = 0;
                loglik = newLoglik;
                step = Matrices.Solve(l, u);
                for (int i = 0; i < p; i++) { beta[i] = newBeta[i]; newBeta[i] += step[i]; }
            }
        }
        if (!converged && opts.MaxIterations > 1)
        {
            // Out of iterations: R reports the last accepted step, with its information (and iter = iter.max + 1).
            loglik = data.Evaluate(x, p, beta, ties, u, imat);
            l = ToMatrix(imat, p);
            Matrices.Decompose(l, opts.CholeskyTolerance);
        }
        else if (!converged) Array.Copy(newBeta, beta, p);
        newBeta = beta;
        double finalLoglik = loglik;

        // Back to the covariates' own units.
        var scale = cols.Select(c => data.Scales[c]).ToArray();
        var cov = Matrices.Inverse(l);
        var singular = new bool[p];
        for (int i = 0; i < p; i++)
        {
            newBeta[i] *= scale[i];
            u[i] /= scale[i];
            for (int k = 0; k < p; k++) cov[i, k] *= scale[i] * scale[k];
            singular[i] = cov[i, i] == 0;
        }
        // R's check for a coefficient drifting to infinity: the final score times the variance is still large.
        var mayBeInfinite = new bool[p];
        for (int i = 0; i < p; i++)
        {
            double infs = 0;
            for (int k = 0; k < p; k++) infs += u[k] * cov[k, i];
            infs = Math.Abs(infs);
            mayBeInfinite[i] = !double.IsFinite(u[i]) || (infs > opts.Tolerance && infs > Math.Sqrt(opts.Tolerance) * Math.Abs(newBeta[i]));
        }
        string[] Named(IEnumerable<int> which) => which.Select(i => data.Names[cols[i]]).ToArray();
        var drifting = Enumerable.Range(0, p).Where(i => mayBeInfinite[i]).ToArray();
        if (converged)
        {
            foreach (int i in drifting)
                warnings.Add(FitWarning.CoxInfinite(data.Names[cols[i]]));
        }
        else
        {
            warnings.Add(FitWarning.CoxNotConverged(opts.MaxIterations));
            // R adds "one or more coefficients may be infinite" when the centred linear predictor passes 500, naming none;
            // the same check as after convergence names them here, so that tables can say which.
            double maxLp = double.NegativeInfinity;
            for (int r = 0; r < data.N; r++)
            {
                double lp = 0;
                for (int i = 0; i < p; i++)
                    if (!singular[i]) lp += newBeta[i] * (data.Columns[cols[i]][r] - data.Means[cols[i]]);
                maxLp = Math.Max(maxLp, lp);
            }
            if (maxLp > 500 || drifting.Length > 0)
                warnings.Add(FitWarning.CoxMayBeInfinite(Named(drifting)));
        }
        if (singular.Any(s => s))
            warnings.Add(FitWarning.CoxSingular(Named(Enumerable.Range(0, p).Where(i => singular[i]))));

        double z = Probability.NormalQuantile(1 - (1 - opts.ConfidenceLevel) / 2);
        var coefs = new CoxCoefficient[p];
        for (int i = 0; i < p; i++)
        {
            if (singular[i])
            {
                coefs[i] = new CoxCoefficient(data.Names[cols[i]], double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }
            double b = newBeta[i], se = Math.Sqrt(cov[i, i]), wald = (b / se) * (b / se);
            coefs[i] = new CoxCoefficient(data.Names[cols[i]], b, se, wald, Probability.ChiSquareUpper(wald, 1),
                Math.Exp(b), Math.Exp(b - z * se), Math.Exp(b + z * se)) { MayBeInfinite = mayBeInfinite[i] };
        }

        // The model tests count the estimated coefficients; R's Wald test solves V w = b over them (coxph.wtest).
        var estimated = Enumerable.Range(0, p).Where(i => !singular[i]).ToArray();
        int df = estimated.Length;
        var v = new double[df, df];
        var b0 = new double[df];
        for (int i = 0; i < df; i++)
        {
            b0[i] = newBeta[estimated[i]];
            for (int k = 0; k < df; k++) v[i, k] = cov[estimated[i], estimated[k]];
        }
        Matrices.Decompose(v, opts.CholeskyTolerance);
        var w = Matrices.Solve(v, b0);
        double waldAll = 0;
        for (int i = 0; i < df; i++) waldAll += w[i] * b0[i];
        double lr = 2 * (finalLoglik - loglikNull);
        return new CoxFit(ties, data.N, data.Events, coefs, cov, loglikNull, finalLoglik,
            new ChiSquareTest(lr, df, Probability.ChiSquareUpper(lr, df)),
            new ChiSquareTest(score, df, Probability.ChiSquareUpper(score, df)),
            new ChiSquareTest(waldAll, df, Probability.ChiSquareUpper(waldAll, df)),
            iter, converged, warnings);
    }
}
