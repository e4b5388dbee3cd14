using System.Diagnostics;
using System.Security.Cryptography;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Study;
using static PvpRegistry.Reports.Tests.Printed;

namespace PvpRegistry.Reports.Tests;

public sealed class StudyReportTests(DemoReport demo) : IClassFixture<DemoReport>
{
    [Fact]
    public void Table_4_prints_pvp_study_survival_medians_and_log_rank_for_every_factor_and_level()
    {
        var table = demo.Text.Section("Table 4.", "Table 5.");
        var factors = demo.Study.Survival;
        var times = demo.Study.Options.SurvivalTimesMonths.ToList();
        Assert.Equal(8, factors.Count);
        var headers = new List<int>();
        foreach (var f in factors)
        {
            var tail = $"{Fixed(Num(f.LogRank?.ChiSquare), 3)} {P(Num(f.LogRank?.P))}";
            int at = FindIndex(table, l => l.StartsWith(f.Label, StringComparison.Ordinal) && l.EndsWith(tail, StringComparison.Ordinal));
            Assert.True(at >= 0, $"Table 4 has no heading row '{f.Label} ... {tail}'.");
            headers.Add(at);
        }
        Assert.Equal(headers.OrderBy(i => i), headers); // factors in pvp study's order

        int checkedRows = 0;
        for (int k = 0; k < factors.Count; k++)
        {
            var block = table.Skip(headers[k] + 1).Take((k + 1 < headers.Count ? headers[k + 1] : table.Count) - headers[k] - 1).ToList();
            foreach (var g in factors[k].Groups)
            {
                double? median = Num(g.Curve.Median), lower = Num(g.Curve.MedianLower), upper = Num(g.Curve.MedianUpper);
                var ci = MedianCi(lower, upper);
                var expected = string.Join(" ", g.Curve.N, g.Curve.Events,
                    Fixed(Num(g.AtTimes[times.IndexOf(6)].Survival), 3), Fixed(Num(g.AtTimes[times.IndexOf(12)].Survival), 3),
                    Fixed(Num(g.AtTimes[times.IndexOf(36)].Survival), 3), Median(median), ci);
                Assert.True(block.Any(l => l.EndsWith(" " + expected, StringComparison.Ordinal)),
                    $"{factors[k].Factor} / {g.Name}: no row ending '{expected}' in\n{string.Join("\n", block)}");
                checkedRows++;
            }
        }
        Assert.Equal(19, checkedRows);
    }

    [Theory]
    [InlineData("final", "Table 5.", "Table 5b.")]
    [InlineData("stepwise", "Table 5b.", "Prognostic index")]
    public void Table_5_prints_pvp_study_cox_coefficients(string model, string start, string end)
    {
        var table = demo.Text.Section(start, end);
        var coefficients = (model == "final" ? demo.Study.Cox.FinalModel : demo.Study.Cox.Stepwise?.Model)!.Coefficients;
        Assert.NotEmpty(coefficients);
        foreach (var c in coefficients)
        {
            var expected = string.Join(" ", demo.Study.Cox.LabelOf(c.Name), Fixed(Num(c.B), 3), Fixed(Num(c.SE), 3), Fixed(Num(c.Wald), 3),
                P(Num(c.P)), Fixed(Num(c.HazardRatio), 3), $"{Fixed(Num(c.HazardRatioLower), 3)}-{Fixed(Num(c.HazardRatioUpper), 3)}");
            Assert.Contains(expected, table);
        }
    }

    [Fact]
    public void Table_1_of_a_cohort_filtered_to_one_group_prints_that_groups_mean_and_sd()
    {
        var filter = new CohortFilter(Group: TreatmentGroup.PvpI125);
        var records = filter.Apply(CohortRecord.FromStudyCsv(demo.Records));
        var info = new StudyReportInfo("Study CSV file cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(records), filter, SyntheticDemo: true);
        var table = new PdfText(StudyReport.Generate(records, info)).Section("Table 1.", "Table 2.");
        double mean = records.Average(r => r.Age);
        foreach (var (label, decimals) in new[] { ("Age, years (mean ± SD)", 1), ("VAS before surgery (mean ± SD)", 2), ("KPS before surgery (mean ± SD)", 1) })
        {
            var row = table.FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal));
            Assert.True(row is not null && row.Contains('±'), $"{label}: {row}\n{string.Join("\n", table)}");
            if (decimals == 1 && label.StartsWith("Age", StringComparison.Ordinal)) Assert.Contains(Fixed(mean, 1) + " ±", row);
        }
    }

    [Fact]
    public void A_cohort_filtered_to_a_level_without_deaths_shows_its_infinite_coefficient_as_not_estimable_with_a_footnote()
    {
        // PVP alone, sacral metastases: nobody aged 60 or under died, so age_level's coefficient goes to -infinity.
        var filter = new CohortFilter(Group: TreatmentGroup.Pvp, Site: MetastaticSite.Sacral);
        var records = filter.Apply(CohortRecord.FromStudyCsv(demo.Records));
        var study = StudyAnalysis.Run(records);
        var age = study.Cox.FinalModel!.Coefficients.Single(c => c.Name == "age_level");
        Assert.True(age.MayBeInfinite);

        var info = new StudyReportInfo("Study CSV file cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(records), filter, SyntheticDemo: true);
        var table = new PdfText(StudyReport.Generate(records, info)).Section("Table 5.", "Table 5b.");
        // B and Exp(B) read "not estimable" (the narrow cells wrap it), SE, Wald, p and the CI "-".
        int row = table.ToList().FindIndex(line => line.StartsWith("Age > 60 years ", StringComparison.Ordinal));
        Assert.True(row >= 0 && table[row] == "Age > 60 years not - - - not -" && table[row + 1] == "estimable estimable", string.Join("\n", table));
        var footnote = string.Join(" ", table);
        Assert.Contains("Not estimable: Age > 60 years.", footnote);
        Assert.DoesNotContain("age_level not", footnote);
        Assert.Contains("may be infinite", footnote);
        foreach (var c in study.Cox.FinalModel.Coefficients.Where(c => c.Estimable))
            Assert.Contains(table, line => line.StartsWith($"{study.Cox.LabelOf(c.Name)} {Fixed(Num(c.B), 3)} ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_covariate_constant_on_the_cohort_is_not_estimated_in_table_5_and_counts_as_0_in_the_prognostic_index()
    {
        // Everyone treated on one segment: the segments covariate is constant, and R's coxph gives NA for it.
        var records = demo.Records.Where(r => r.Segments == 1).ToArray();
        var study = StudyAnalysis.Run(records);
        Assert.True(study.Cox.FinalModel!.Coefficients.Single(c => c.Name == "segment_level").Singular);

        var info = new StudyReportInfo("Study CSV file cohort-demo.csv", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            StudyCsvFingerprint.Compute(records), CohortFilter.None, SyntheticDemo: true);
        var text = new PdfText(StudyReport.Generate(records, info));
        var label = study.Cox.LabelOf("segment_level");
        var table = text.Section("Table 5.", "Table 5b.");
        Assert.Contains(table, line => line.StartsWith(label + " not - - - not -", StringComparison.Ordinal));
        Assert.Contains($"Not estimated: {label}, collinear with the covariates before it or constant on this cohort.", string.Join(" ", table));
        var all = string.Join(" ", text.AllLines);
        Assert.Contains($"+ 0.000 × [{label}]", all);
        Assert.DoesNotContain("- ×", all);
    }

    [Fact]
    public void The_Huynh_Feldt_epsilon_shown_is_SPSS_1976_formula_named_in_Methods_and_under_table_2b()
    {
        var text = string.Join(" ", demo.Text.AllLines);
        var a = demo.Study.Vas.RmAnova!;
        Assert.Contains("Huynh-Feldt epsilon by Huynh and Feldt's original (1976) formula as SPSS prints it", text);
        Assert.Contains($"Huynh-Feldt ε = {Fixed(a.EpsilonHuynhFeldtSpss, 3)} (Huynh & Feldt 1976, as SPSS; Lecoutre 1991, as R: {Fixed(a.EpsilonHuynhFeldt, 3)})", text);
    }

    [Fact]
    public void Prognostic_index_formula_carries_the_final_model_coefficients()
    {
        var terms = demo.Study.Cox.FinalModel!.Coefficients
            .Select((c, i) => (i == 0 ? "" : "+ ") + Fixed(Num(c.B), 3) + " × [" + demo.Study.Cox.LabelOf(c.Name) + "]");
        Assert.Contains("PI = " + string.Join(" ", terms), string.Join(" ", demo.Text.AllLines));
    }

    [Fact]
    public void Title_page_states_n_and_the_fingerprint_of_the_analysed_rows()
    {
        // The demo file is already in canonical study-CSV form, so the fingerprint is the file's own SHA-256.
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(DemoReport.CsvPath)));
        var title = string.Join("", demo.Text.Pages[0]).Replace(" ", "");
        Assert.Contains(sha, title);
        Assert.Contains("n=62(PVP31,PVP+125I31)", title);
        Assert.Contains("SYNTHETICDEMODATA", title);
    }

    [Fact]
    public void Every_page_is_numbered_and_carries_the_running_header_after_the_first()
    {
        int total = demo.Text.Pages.Count;
        Assert.True(total >= 8, $"only {total} pages");
        for (int i = 0; i < total; i++)
        {
            Assert.Contains($"Page {i + 1} of {total}", demo.Text.Pages[i]);
            if (i > 0) Assert.StartsWith("Study report · n = 62", demo.Text.Pages[i][0]);
        }
    }

    [Fact]
    public void A_table_continued_on_the_next_page_repeats_its_header_row()
    {
        var continued = demo.Text.Pages.Where(p => p.Any(l => l.EndsWith("(continued)", StringComparison.Ordinal))).ToArray();
        Assert.NotEmpty(continued);
        // Which table runs over depends on the page breaks; its header row follows the "(continued)" caption.
        var page = continued[0].ToList();
        int at = page.FindIndex(l => l.EndsWith("(continued)", StringComparison.Ordinal));
        string[] headers = ["Factor / level n Deaths", "Characteristic", "Covariate B SE", "Visit n", "Effect F", "Group n"];
        Assert.Contains(headers, h => page[at + 1].StartsWith(h, StringComparison.Ordinal));
    }

    [Fact]
    public void Charts_are_vectors_not_images_and_the_file_is_small()
    {
        Assert.Equal(0, demo.Text.ImageCount);
        Assert.Contains(demo.Text.AllLines, l => l.StartsWith("Number at risk", StringComparison.Ordinal)); // figure text is text
        Assert.True(demo.Pdf.Length < 2_000_000, $"{demo.Pdf.Length} bytes");
    }

    [Fact]
    public void Fonts_are_embedded()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pvp-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, demo.Pdf);
        try
        {
            var psi = new ProcessStartInfo("pdffonts", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            var fonts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
            Assert.NotEmpty(fonts);
            Assert.All(fonts, f =>
            {
                Assert.Contains("DejaVuSans", f);
                var columns = f.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("yes", columns[^5]); // emb
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int FindIndex(IReadOnlyList<string> lines, Func<string, bool> match)
    {
        for (int i = 0; i < lines.Count; i++) if (match(lines[i])) return i;
        return -1;
    }
}
