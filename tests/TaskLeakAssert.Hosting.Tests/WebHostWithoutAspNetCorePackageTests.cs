using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>
/// A web host checked with TaskLeakAssert.Hosting alone (this project does not reference TaskLeakAssert.AspNetCore):
/// its requests run outside every scope, and the report says so instead of passing silently.
/// </summary>
public sealed class WebHostWithoutAspNetCorePackageTests
{
    [Fact]
    public async Task The_report_says_that_requests_were_not_tracked_and_which_package_tracks_them()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartTrackedAsync();

        var report = await app.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(
            "not tracked: requests. This is a web host, and without TaskLeakAssert.AspNetCore its requests run outside every scope, so work a request leaves behind is not seen. Add the TaskLeakAssert.AspNetCore package to the test project: requests then join the host's scope.",
            report.Notes);
    }

    [Fact]
    public async Task A_host_that_is_not_a_web_host_has_no_such_note()
    {
        using var release = new Services.TestRelease();
        using var host = TestHosts.Build(release, _ => { });
        await host.StartTrackedAsync();

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.DoesNotContain(report.Notes, n => n.StartsWith("not tracked: requests", StringComparison.Ordinal));
    }
}
