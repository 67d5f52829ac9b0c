using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>The report text is the product: these compare whole messages, with paths, lines and measured times normalized.</summary>
public sealed class ReportFormatTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task A_report_with_a_suspended_method_and_an_unobserved_fault_reads_as_documented()
    {
        var report = await TaskLeakDetector.RunAsync(Body, Leaks.Short);

        Assert.Equal(
            """
            2 leaked tasks in scope 'ReportFormatTests.Body' (timeout 300 ms, waited #, # tracked tasks).

            [1] Not completed: async method Leaks.PumpAsync
                Status:     suspended at an await
                Created at: Leaks.PumpAsync in Leaks.cs:#
                            ReportFormatTests.Body in ReportFormatTests.cs:#
                Awaits:     Leaks.PumpAsync → Task.Delay
                Fix:        Pass the CancellationToken to Task.Delay(delay, token) and let the loop end when it is canceled.

            [2] Faulted: async method Leaks.FailAsync
                Status:     faulted, and nobody observed the exception
                Exception:  InvalidOperationException: card declined
                Created at: Leaks.FailAsync in Leaks.cs:#
                            ReportFormatTests.Body in ReportFormatTests.cs:#
                Fix:        Await this task (or hand it to code that does) so its failure is handled; fire-and-forget loses the exception.
            """.ReplaceLineEndings("\n"),
            ReportText.Normalize(report.ToString()));
    }

    [Fact]
    public async Task A_clean_report_is_one_line()
    {
        var report = await TaskLeakDetector.RunAsync(async () => await Task.Delay(1));

        Assert.Matches(@"^No leaked tasks in scope 'lambda in ReportFormatTests\.A_clean_report_is_one_line': # tracked tasks? ended within #\.$", ReportText.Normalize(report.ToString()));
    }

    [Fact]
    public async Task Without_stack_capture_the_creation_site_says_unknown()
    {
        var options = Leaks.Short;
        options.CaptureStackTraces = false;
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.PumpAsync(); return Task.CompletedTask; }, options);

        var leak = Assert.Single(report.Leaks);
        Assert.Null(leak.CreationStackTrace);
        Assert.Equal("async method Leaks.PumpAsync", leak.Description);
        Assert.Contains("Created at: unknown (stack capture is off, or no user code on the stack)", report.ToString());
    }

    [Fact]
    public async Task Creation_sites_leave_out_runtime_and_test_framework_frames()
    {
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.PumpAsync(); return Task.CompletedTask; }, Leaks.Short);

        string site = Assert.Single(report.Leaks).CreationStackTrace!;
        Assert.DoesNotContain("System.", site);
        Assert.DoesNotContain("Xunit", site);
        Assert.DoesNotContain("TaskLeakDetector", site);
        Assert.DoesNotContain("MoveNext", site);
    }

    private Task Body()
    {
        _ = _leaks.PumpAsync();
        _ = _leaks.FailAsync("card declined");
        return Task.CompletedTask;
    }
}
