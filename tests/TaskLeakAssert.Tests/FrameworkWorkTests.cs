using TaskLeakAssert.Tests.Support;
using TaskLeakAssert.Tracking;
using Xunit;

[assembly: TaskLeakAssert.FrameworkWork("TaskLeakAssert.Tests.Support.VendorClient", "KeepAliveAsync", "the vendor client's keep-alive loop, for the process's life")]

namespace TaskLeakAssert.Tests;

/// <summary>
/// The catalogue of framework work: a library's long-lived work is not counted, says so in one line, and never
/// makes the check wait; the user's own code is always counted.
/// </summary>
public sealed class FrameworkWorkTests : IDisposable
{
    // Long, so that a check that waited for what it does not count would show it.
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _release = new();

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task A_catalogued_loop_and_the_work_it_starts_are_not_counted_and_the_report_says_so()
    {
        var client = new VendorClient(_release.Token);

        var report = await TaskLeakDetector.RunAsync(client.Connect, new TaskLeakOptions { Timeout = LongTimeout });

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains("not counted: the vendor client's keep-alive loop, for the process's life; framework work, see docs/framework-work.md.", report.Notes);
        Assert.Matches(@"^No leaked tasks in scope '.*': of \d+ tracked tasks?, all ended within [\d.]+ m?s but \d+ not counted \(see the notes\)\.", report.ToString());
    }

    [Fact]
    public async Task Work_that_is_not_counted_does_not_make_the_check_wait()
    {
        var client = new VendorClient(_release.Token);

        var report = await TaskLeakDetector.RunAsync(client.Connect, new TaskLeakOptions { Timeout = LongTimeout });

        // Generous: the watch looks every 50 ms; waiting for the loop would take the whole 10 s.
        Assert.True(report.Waited < TimeSpan.FromSeconds(5), $"waited {report.Waited}");
    }

    [Fact]
    public async Task A_method_of_the_same_name_in_the_users_own_type_is_counted()
    {
        var client = new UserClient(_release.Token);

        var report = await TaskLeakDetector.RunAsync(client.Connect, Leaks.Short);

        Assert.Equal("async method UserClient.KeepAliveAsync", Assert.Single(report.Leaks).Description);
        Assert.DoesNotContain(report.Notes, n => n.StartsWith("not counted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leaks_an_ignore_rule_leaves_out_do_not_make_the_check_wait_and_are_noted()
    {
        var client = new UserClient(_release.Token);
        var options = new TaskLeakOptions { Timeout = LongTimeout };
        options.IgnoredMethods.Add("UserClient.KeepAliveAsync");

        var report = await TaskLeakDetector.RunAsync(client.Connect, options);

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Waited < TimeSpan.FromSeconds(5), $"waited {report.Waited}");
        Assert.Contains("not counted: 1 task your ignore rules leave out (TaskLeakOptions.IgnoredMethods, IgnoreWhen).", report.Notes);
    }

    [Fact]
    public async Task A_loop_started_by_a_users_static_constructor_is_counted_as_process_lifetime_work()
    {
        try
        {
            var report = await TaskLeakDetector.RunAsync(() => Task.FromResult(ProcessWidePoller.Polls), Leaks.Short);

            var leak = Assert.Single(report.Leaks);
            Assert.Equal("async method ProcessWidePoller.PollAsync", leak.Description);
            Assert.StartsWith("Started by ProcessWidePoller's static constructor: process-lifetime work, so the first test that touches ProcessWidePoller gets this leak.", leak.Hint);
            Assert.Contains("ProcessWidePoller..cctor", leak.CreationStackTrace);
        }
        finally
        {
            await ProcessWidePoller.Release.CancelAsync();
        }
    }

    [Fact]
    public void The_test_assemblys_entries_join_the_built_in_ones()
    {
        var entries = FrameworkWork.Load([typeof(FrameworkWorkTests).Assembly]);

        Assert.Contains(entries, e => e.TypeName == "TaskLeakAssert.Tests.Support.VendorClient" && e.MethodName == "KeepAliveAsync");
        Assert.Contains(entries, e => e.TypeName == "System.Threading.RateLimiting.DefaultPartitionedRateLimiter" && e.MethodName == "RunTimer");
        Assert.Contains(entries, e => e.TypeName == "OpenTelemetry.Internal.SelfDiagnosticsConfigRefresher");
    }

    [Fact]
    public void The_test_assembly_can_turn_the_built_in_entries_off_and_keep_its_own()
    {
        var assembly = new AssemblyWith(new FrameworkWorkCatalogAttribute { UseBuiltInEntries = false }, new FrameworkWorkAttribute("Vendor.Client", "PollAsync", "the vendor's poller"));

        var entry = Assert.Single(FrameworkWork.Load([assembly]));

        Assert.Equal(("Vendor.Client", "PollAsync", "the vendor's poller"), (entry.TypeName, entry.MethodName, entry.Reason));
    }

    [Theory]
    [InlineData("", "KeepAliveAsync", "reason", "typeName")]
    [InlineData("Vendor.Client", " ", "reason", "methodName")]
    [InlineData("Vendor.Client", "KeepAliveAsync", "", "reason")]
    public void An_entry_without_a_type_method_or_reason_is_refused_with_what_to_write(string type, string method, string reason, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => new FrameworkWorkAttribute(type, method, reason));

        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith("[FrameworkWork] needs ", error.Message);
    }
}

/// <summary>The user's own process-wide work: a static constructor that starts a loop. Only one test touches it.</summary>
internal static class ProcessWidePoller
{
    public static readonly CancellationTokenSource Release = new();

    static ProcessWidePoller() => _ = PollAsync();

    public static int Polls { get; private set; }

    private static async Task PollAsync()
    {
        while (!Release.IsCancellationRequested)
        {
            Polls++;
            await Task.Delay(20);
        }
    }
}

/// <summary>An assembly that carries the given attributes and nothing else.</summary>
internal sealed class AssemblyWith(params Attribute[] attributes) : System.Reflection.Assembly
{
    public override object[] GetCustomAttributes(Type attributeType, bool inherit) =>
        attributes.Where(attributeType.IsInstanceOfType).Cast<object>().ToArray() is var found && found.Length > 0
            ? ToTyped(found, attributeType)
            : (object[])Array.CreateInstance(attributeType, 0);

    public override object[] GetCustomAttributes(bool inherit) => attributes;

    public override bool IsDefined(Type attributeType, bool inherit) => attributes.Any(attributeType.IsInstanceOfType);

    private static object[] ToTyped(object[] found, Type attributeType)
    {
        var typed = (object[])Array.CreateInstance(attributeType, found.Length);
        Array.Copy(found, typed, found.Length);
        return typed;
    }
}
