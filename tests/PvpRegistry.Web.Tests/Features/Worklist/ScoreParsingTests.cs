using PvpRegistry.Web.Features.Worklist;

namespace PvpRegistry.Web.Tests.Features.Worklist;

public class ScoreParsingTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("2026-11-24 09:30", "2026-11-24T09:30")]
    [InlineData(" 2026-11-24 17:05 ", "2026-11-24T17:05")]
    [InlineData("09:30", "2026-11-25T09:30")]
    public void A_call_time_is_a_date_and_24_hour_time_or_a_time_today(string typed, string expected)
    {
        var (value, error) = ScoreParsing.DateTime(typed, Today, "ContactTime");
        Assert.Null(error);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("24/11/2026 09:30")]
    [InlineData("2026-11-24 9:30 pm")]
    [InlineData("2026-02-30 09:30")]
    [InlineData("25:00")]
    public void Anything_else_gets_a_message_with_an_example(string typed)
    {
        var (value, error) = ScoreParsing.DateTime(typed, Today, "ContactTime", "time of the call");
        Assert.Null(value);
        Assert.Contains("time of the call as YYYY-MM-DD HH:MM", error!.Message);
        Assert.Equal("ContactTime", error.Field);
    }
}
