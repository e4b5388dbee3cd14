using Bunit;
using PvpRegistry.Web.Features.Reports;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Reports;

public class PatientSummaryButtonTests : BunitTestBase
{
    [Fact]
    public void Links_to_the_patient_summary_pdf_by_record_number_only()
    {
        var cut = Context.Render<PatientSummaryButton>(p => p.Add(x => x.PatientId, 42));
        var link = cut.Find("[data-testid=patient-summary-pdf]");
        Assert.Equal("/reports/patient/42.pdf", link.GetAttribute("href"));
        Assert.True(link.HasAttribute("download"));
        Assert.Contains("Summary PDF", link.TextContent);
    }
}
