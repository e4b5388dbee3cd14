using System.Globalization;
using PvpRegistry.Cli.Analysis;

namespace PvpRegistry.Cli.Tests.Analysis;

public class AnalysisCsvTests
{
    [Fact]
    public void Numbers_are_read_exactly_as_the_runtime_parses_them()
    {
        var rng = new Random(7);
        var texts = new List<string> { "0", "-0", "12", "0.1", "-2.5", "1e-05", "1.5E+10", "123456789012345", "0.000123456789012345",
            "1234567890123456789", "0.30000000000000004", "2.2250738585072014e-308", "1e300", "+3", ".5", "5." };
        for (int i = 0; i < 2000; i++)
        {
            double v = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-12, 12));
            texts.Add(v.ToString(i % 2 == 0 ? "G15" : "R", CultureInfo.InvariantCulture)); // R's write.csv uses 15 significant digits
        }
        var csv = "\"x\"\n" + string.Join("\n", texts) + "\n";
        var data = AnalysisCsv.Read(new StringReader(csv), ["x"], null, "numbers");
        var x = data.Numeric("x");
        Assert.Equal(texts.Count, x.Length);
        for (int i = 0; i < texts.Count; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(texts[i], CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(x[i]));
    }

    [Fact]
    public void Quoted_headers_and_labels_are_unquoted_and_groups_are_ordered_as_R_factors()
    {
        var csv = "\"time\",\"status\",\"arm\"\n5,1,\"10\"\n6,0,\"9\"\n7,1,\"10\"\n8,TRUE,\"9\"\n";
        var data = AnalysisCsv.Read(new StringReader(csv), ["time", "status"], "arm", "arms");
        Assert.Equal(["9", "10"], data.Groups!.Names); // numeric labels sort as numbers
        Assert.Equal([1, 0, 1, 0], data.Groups.Codes);
        Assert.Equal([true, false, true, true], data.Events("status").Died);
    }

    [Fact]
    public void Labels_that_are_not_all_numbers_sort_as_text()
    {
        var csv = "t,e,g\n1,1,b\n2,1,a\n3,0,B\n";
        var data = AnalysisCsv.Read(new StringReader(csv), ["t", "e"], "g", "labels");
        Assert.Equal(["B", "a", "b"], data.Groups!.Names);
    }
}
