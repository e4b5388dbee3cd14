using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Web.Tests.Infrastructure;
using Sylvan.Data.Csv;

namespace PvpRegistry.Web.Tests.Features.Export;

/// <summary>
/// The study CSV downloads never carry a cell a spreadsheet would run: text starting with = + - @, tab or CR is written
/// with a leading apostrophe; numbers (negative ones too) stay bare numbers.
/// </summary>
public class ExportFormulaTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private const string Attack = "=cmd|' /C calc'!A0";
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private async Task ImportAsync()
    {
        var csv = string.Join('\n',
            "study_id,group,sex,age,primary_tumor,primary_growth,metastatic_site,segments,visceral_metastasis,procedure_date,cement_ml,seeds," +
            "seed_activity_mci,vas_preop,vas_day1,vas_1m,vas_3m,vas_6m,vas_12m,vas_36m,kps_preop,kps_day1,kps_1m,kps_3m,kps_6m,kps_12m,kps_36m," +
            "vital_status,status_date,mrn,name,death_cause",
            $"FORMULA-1,pvp,male,64,prostate,slow,lumbar,2,no,2016-03-01,5.5,0,,8.1,3.2,2.5,3,3.4,4,,60,70,80,80,70,70,,dead,2017-04-01,@H1,\"{Attack}\",\"+SUM(A1:A9)\"",
            "") ;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await factory.Services.GetRequiredService<StudyCsvImporter>().ImportAsync(stream, "test-importer");
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
    }

    private static List<Dictionary<string, string>> Parse(string csv)
    {
        using var reader = CsvDataReader.Create(new StringReader(csv));
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetString));
        return rows;
    }

    [Fact]
    public async Task Identified_and_deidentified_downloads_carry_no_runnable_formula()
    {
        await ImportAsync();
        var client = await factory.SignedInAsync(Roles.Researcher);

        var identified = await client.GetAsync("/export/study.csv?deidentified=false");
        Assert.Equal(HttpStatusCode.OK, identified.StatusCode);
        var text = await identified.Content.ReadAsStringAsync();
        var row = Assert.Single(Parse(text), r => r["study_id"] == "FORMULA-1");
        Assert.Equal("'" + Attack, row["name"]);
        Assert.Equal("'@H1", row["mrn"]);
        Assert.Equal("'+SUM(A1:A9)", row["death_cause"]);
        Assert.Contains(",\"'=cmd|' /C calc'!A0\",", text);

        var deidentified = await client.GetAsync("/export/study.csv?deidentified=true");
        Assert.Equal(HttpStatusCode.OK, deidentified.StatusCode);
        var rows = Parse(await deidentified.Content.ReadAsStringAsync());
        Assert.Equal(Parse(text).Count, rows.Count);
        Assert.DoesNotContain("name", rows[0].Keys);
        // Every cell of every row: a code, a pseudonym, a date or a bare non-negative number.
        Assert.All(rows.SelectMany(r => r.Values), cell => Assert.True(cell.Length == 0 || !FormulaStarts.Contains(cell[0]), cell));
    }
}
