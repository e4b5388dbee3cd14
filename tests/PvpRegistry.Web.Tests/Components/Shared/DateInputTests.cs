using System.Globalization;
using Bunit;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Components.Shared;

/// <summary>The date box of the reports and dashboards filters: YYYY-MM-DD shown and typed, whatever the locale.</summary>
public class DateInputTests : BunitTestBase
{
    private const string WhatToType = IsoDateConverter.WhatToType;

    [Theory]
    [InlineData("MM/dd/yyyy")]
    [InlineData("dd.MM.yyyy")]
    [InlineData("d/M/yy")]
    public void A_date_is_shown_as_yyyy_mm_dd_in_any_locale(string localeDatePattern)
    {
        using var _ = new CultureScope(localeDatePattern);
        var cut = Context.Render<DateInput>(p => p.Add(x => x.Value, new DateOnly(2024, 3, 5)).Add(x => x.InputId, "d"));
        var input = cut.Find("input#d");
        Assert.Equal("2024-03-05", input.GetAttribute("value"));
        Assert.Equal("YYYY-MM-DD", input.GetAttribute("placeholder"));
    }

    [Theory]
    [InlineData("MM/dd/yyyy")]
    [InlineData("dd.MM.yyyy")]
    public void A_typed_yyyy_mm_dd_date_is_taken_and_a_locale_date_is_refused_with_what_to_type(string localeDatePattern)
    {
        using var _ = new CultureScope(localeDatePattern);
        var (cut, changes) = RenderBound(null);

        cut.Find("input#d").Change("2024-12-31");
        Assert.Equal(new DateOnly(2024, 12, 31), changes[^1]);
        Assert.DoesNotContain(WhatToType, cut.Markup);

        var localeForm = new DateTime(2024, 12, 30).ToString("d", CultureInfo.CurrentCulture);
        Assert.NotEqual("2024-12-30", localeForm);
        cut.Find("input#d").Change(localeForm);
        Assert.Null(changes[^1]);
        Assert.Equal("true", cut.Find("input#d").GetAttribute("aria-invalid"));
        Assert.True(cut.Markup.Contains(WhatToType), cut.Markup);

        cut.Find("input#d").Change("2024-12-30");
        Assert.Equal(new DateOnly(2024, 12, 30), changes[^1]);
        Assert.DoesNotContain(WhatToType, cut.Markup);
    }

    [Fact]
    public void A_date_typed_after_a_refused_one_stays_while_the_page_has_not_yet_taken_it()
    {
        // The box redraws itself before its page passes the new value back in; it must not fall back to the old one.
        var changes = new List<DateOnly?>();
        var cut = Context.Render<DateInput>(p => p.Add(x => x.InputId, "d").Add(x => x.ValueChanged, (DateOnly? d) => changes.Add(d)));
        cut.Find("input#d").Change("31.12.2000");
        cut.Find("input#d").Change("2000-12-31");
        Assert.Equal(new DateOnly(2000, 12, 31), changes[^1]);
        Assert.Equal("2000-12-31", cut.Find("input#d").GetAttribute("value"));
        Assert.DoesNotContain(WhatToType, cut.Markup);
    }

    [Fact]
    public void A_typed_date_is_taken_when_the_box_is_left_before_the_picker_hands_it_back()
    {
        // Typing a date and clicking Save at once: the box's change event is handled before the Save, and the date
        // must be the form's by then. The picker's own hand-back comes only after it has awaited.
        var (cut, changes) = RenderBound(new DateOnly(2024, 3, 5));
        cut.Find("div.date-input").Change("2024-02-01");
        Assert.Equal(new DateOnly(2024, 2, 1), changes[^1]);
        cut.Find("div.date-input").Change("2024-02-01");
        Assert.Single(changes);
    }

    [Fact]
    public void Clearing_the_box_clears_the_date()
    {
        var (cut, changes) = RenderBound(new DateOnly(2024, 3, 5));
        cut.Find("input#d").Change("");
        Assert.Null(changes[^1]);
        Assert.Equal("", cut.Find("input#d").GetAttribute("value"));
        Assert.DoesNotContain(WhatToType, cut.Markup);
    }

    [Theory]
    [InlineData("01.01.2000")]
    [InlineData("2024-02-30")]
    public void In_a_filter_a_wrong_date_is_reported_with_its_text_and_the_bound_in_force_is_kept(string typed)
    {
        var (cut, changes) = RenderBound(new DateOnly(2999, 1, 1));
        var unreadable = new List<string>();
        cut.Render(p => p.Add(x => x.Unreadable, (string text) => unreadable.Add(text)));

        cut.Find("input#d").Change(typed);
        Assert.Equal(typed, Assert.Single(unreadable.Distinct()));
        Assert.Empty(changes);

        // A readable date is taken.
        cut.Find("input#d").Change("2000-01-01");
        Assert.Equal(new DateOnly(2000, 1, 1), changes[^1]);
    }

    /// <summary>The box with its value bound as a page binds it: each change is passed back in as the new value.</summary>
    private (IRenderedComponent<DateInput> Cut, List<DateOnly?> Changes) RenderBound(DateOnly? initial)
    {
        var changes = new List<DateOnly?>();
        IRenderedComponent<DateInput>? cut = null;
        cut = Context.Render<DateInput>(p => p.Add(x => x.InputId, "d").Add(x => x.Value, initial).Add(x => x.ValueChanged, (DateOnly? d) =>
        {
            changes.Add(d);
            cut!.Render(q => q.Add(x => x.Value, d));
        }));
        return (cut, changes);
    }

    /// <summary>
    /// Runs the test under a current culture and UI culture whose short date pattern is <paramref name="shortDatePattern"/>
    /// (the app runs with invariant globalization, so a locale is stood in for by its date pattern), restoring them after.
    /// </summary>
    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _ui = CultureInfo.CurrentUICulture;

        public CultureScope(string shortDatePattern)
        {
            var locale = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            locale.DateTimeFormat.ShortDatePattern = shortDatePattern;
            locale.DateTimeFormat.DateSeparator = shortDatePattern.Contains('.') ? "." : "/";
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = locale;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
