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
                Analyzer:   TLA002 (TaskLeakAssert.Analyzers) finds this at compile time: a wait given no token, in a loop of a method that has one (or calls it without).

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

    [Fact]
    public async Task Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented()
    {
        var stopped = new StoppedScheduler();
        var gate = new ManualResetEventSlim();
        using var neverCanceled = new CancellationTokenSource();
        using var semaphore = new SemaphoreSlim(0);

        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                _ = Task.Factory.StartNew(Noop, CancellationToken.None, TaskCreationOptions.None, stopped);
                _ = Task.Run(() => gate.Wait());
                _ = new Pump(semaphore).RunAsync(neverCanceled.Token);

                // Until the thread really blocks: the report reads the waiting thread.
                await Blocked.Until(() => Blocked.HasWaiter(gate));
            },
            Leaks.Short);
        gate.Set();
        await neverCanceled.CancelAsync();

        Assert.Equal(
            """
            3 leaked tasks in scope 'lambda in ReportFormatTests.Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented' (timeout 300 ms, waited #, # tracked tasks).

            [1] Not completed: Task.Factory.StartNew delegate ReportFormatTests.Noop
                Status:     queued to StoppedScheduler, which never ran it
                Created at: lambda in ReportFormatTests.Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented in ReportFormatTests.cs:#
                Fix:        Its scheduler StoppedScheduler never ran it: the scheduler stopped taking work (its thread or loop ended, e.g. a disposed AsyncContext) or is held by work that never ends. Keep the scheduler running until its work has ended, or cancel that work (pass the CancellationToken to StartNew) before it stops.

            [2] Not completed: Task.Run delegate lambda in ReportFormatTests.Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented
                Status:     running on a thread, likely blocked in ManualResetEventSlim.Wait on gate (never set)
                Created at: lambda in ReportFormatTests.Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented in ReportFormatTests.cs:#
                Fix:        It blocks its thread in a synchronous wait that nothing releases, so it cannot see cancellation: pass the token to the wait (Wait(token)), set or release what it waits for on shutdown, or await instead of blocking.
                Analyzer:   TLA001 (TaskLeakAssert.Analyzers) finds this at compile time: a task started and forgotten where code is stopped: nothing keeps it and no token reaches its work.

            [3] Not completed: async method ReportFormatTests.Pump.RunAsync
                Status:     suspended at an await
                Created at: ReportFormatTests.Pump.RunAsync in ReportFormatTests.cs:#
                            lambda in ReportFormatTests.Entries_for_a_stalled_scheduler_a_blocked_wait_and_a_wait_nobody_cancels_read_as_documented in ReportFormatTests.cs:#
                Awaits:     ReportFormatTests.Pump.RunAsync → SemaphoreSlim.WaitAsync
                Fix:        The semaphore wait already has a cancelable token, and nobody cancels it: cancel its CancellationTokenSource on shutdown (stop or dispose the object that owns it; here likely the ReportFormatTests.Pump that waits), or release the semaphore.
            """.ReplaceLineEndings("\n"),
            ReportText.Normalize(report.ToString()));
    }

    private static void Noop()
    {
    }

    private sealed class Pump(SemaphoreSlim semaphore)
    {
        public async Task RunAsync(CancellationToken token)
        {
            try
            {
                await semaphore.WaitAsync(token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private Task Body()
    {
        _ = _leaks.PumpAsync();
        _ = _leaks.FailAsync("card declined");
        return Task.CompletedTask;
    }
}
