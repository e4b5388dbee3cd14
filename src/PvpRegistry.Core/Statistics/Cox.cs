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

/// <summary>One row of the coefficient table: b, SE, Wald = (b/SE)², p, HR = exp(b) with its confidence interval.</summary>
public sealed record CoxCoefficient(string Name, double B, double SE, double Wald, double P, double HazardRatio, double HazardRatioLower, double HazardRatioUpper);

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
    IReadOnlyList<string> Warnings)
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
public sealed class CoxModelException(string message) : Exception(message);

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
            double b = fit.Coefficients[j].B;
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
        for (int k = 0; k < m; k++) beta[k] = current.Coefficients[k].B;
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
        if (Matrices.Cholesky(l, opts.CholeskyTolerance) >= 0) throw new CoxModelException("singular");
        var s = Matrices.CholeskySolve(l, us);
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

    private static CoxFit Fit(CoxData data, int[] cols, double[] x, CoxTies ties, CoxOptions opts)
    {
        int p = cols.Length;
        var warnings = new List<string>();
        var beta = new double[p];
        var u = new double[p];
        var imat = new double[p * p];
        double loglikNull = data.Evaluate(x, p, beta, ties, u, imat);
        if (p == 0)
            return new CoxFit(ties, data.N, data.Events, [], new double[0, 0], loglikNull, loglikNull, null, null, null, 0, true, warnings);

        var l = ToMatrix(imat, p);
        int bad = Matrices.Cholesky(l, opts.CholeskyTolerance);
        if (bad >= 0)
            throw new CoxModelException($"Covariate '{data.Names[cols[bad]]}' is collinear with the covariates before it; the model cannot be estimated.");
        var step = Matrices.CholeskySolve(l, u);
        double score = 0;
        for (int i = 0; i < p; i++) score += step[i] * u[i];

        var newBeta = new double[p];
        for (int i = 0; i < p; i++) newBeta[i] = step[i];
        double loglik = loglikNull, newLoglik = loglikNull;
        bool halving = false, converged = false;
        int iter;
        for (iter = 1; iter <= opts.MaxIterations; iter++)
        {
            newLoglik = data.Evaluate(x, p, newBeta, ties, u, imat);
            if (double.IsNaN(newLoglik)) newLoglik = double.NegativeInfinity; // exp overflow: treat as worse
            l = ToMatrix(imat, p);
            bool singular = Matrices.Cholesky(l, opts.CholeskyTolerance) >= 0;
            if (!halving && Math.Abs(1 - loglik / newLoglik) <= opts.Tolerance) { converged = true; break; }
            if (iter == opts.MaxIterations) break;
            if (newLoglik < loglik || singular)
            {
                halving = true;
                for (int i = 0; i < p; i++) newBeta[i] = (newBeta[i] + beta[i]) / 2;
            }
            else
            {
                halving = false;
                loglik = newLoglik;
                step = Matrices.CholeskySolve(l, u);
                for (int i = 0; i < p; i++) { beta[i] = newBeta[i]; newBeta[i] += step[i]; }
            }
        }
        if (iter > opts.MaxIterations) iter = opts.MaxIterations;

        if (!double.IsFinite(newLoglik))
            throw new CoxModelException("The log-likelihood overflowed; a coefficient is probably infinite (perfect separation).");
        l = ToMatrix(imat, p);
        bad = Matrices.Cholesky(l, opts.CholeskyTolerance);
        if (bad >= 0)
            throw new CoxModelException($"The information matrix is singular at the fit (covariate '{data.Names[cols[bad]]}'); a coefficient is probably infinite (perfect separation).");
        var cov = Matrices.CholeskyInverse(l);
        if (!converged)
            warnings.Add($"Did not converge in {opts.MaxIterations} iterations; estimates are those of the last iteration.");

        // R's check for coefficients drifting to infinity: the final score times the variance is still large.
        for (int i = 0; i < p; i++)
        {
            double infs = 0;
            for (int k = 0; k < p; k++) infs += u[k] * cov[k, i];
            infs = Math.Abs(infs);
            if (infs > opts.Tolerance && infs > Math.Sqrt(opts.Tolerance) * Math.Abs(newBeta[i]))
                warnings.Add($"Log-likelihood converged before covariate '{data.Names[cols[i]]}'; its coefficient may be infinite (perfect separation).");
        }

        double z = Probability.NormalQuantile(1 - (1 - opts.ConfidenceLevel) / 2);
        var coefs = new CoxCoefficient[p];
        for (int i = 0; i < p; i++)
        {
            double b = newBeta[i], se = Math.Sqrt(cov[i, i]), wald = (b / se) * (b / se);
            coefs[i] = new CoxCoefficient(data.Names[cols[i]], b, se, wald, Probability.ChiSquareUpper(wald, 1),
                Math.Exp(b), Math.Exp(b - z * se), Math.Exp(b + z * se));
        }
        // Wald test b' V^-1 b = b' I b.
        double waldAll = 0;
        for (int i = 0; i < p; i++)
            for (int k = 0; k < p; k++)
                waldAll += newBeta[i] * imat[i * p + k] * newBeta[k];
        double lr = 2 * (newLoglik - loglikNull);
        return new CoxFit(ties, data.N, data.Events, coefs, cov, loglikNull, newLoglik,
            new ChiSquareTest(lr, p, Probability.ChiSquareUpper(lr, p)),
            new ChiSquareTest(score, p, Probability.ChiSquareUpper(score, p)),
            new ChiSquareTest(waldAll, p, Probability.ChiSquareUpper(waldAll, p)),
            iter, converged, warnings);
    }
}
