using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// The real graceful shutdown of a host, then the verdict: <c>IHost.StopAsync</c> as a SIGTERM would
/// trigger it (with the host's own ShutdownTimeout), bounded by the assertion timeout.
/// </summary>
internal static class HostShutdownCheck
{
    public static Task<HostShutdownReport> RunAsync(IHost host, TaskLeakOptions? options) => RunAsync(ShutdownTarget.For(host), options);

    public static async Task<HostShutdownReport> RunAsync(ShutdownTarget target, TaskLeakOptions? options)
    {
        // The check's own tasks never belong to a scope the caller may have open.
        ScopeTracker.SetCurrentFlow(null);
        var tracking = HostTracking.Find(target.Owner);
        if (tracking is null && !Resolve(target, target.WasStarted))
        {
            // A host nobody started: start it tracked, so the call alone is a complete test.
            await target.StartTrackedAsync(options).ConfigureAwait(false);
            tracking = HostTracking.Find(target.Owner);
        }

        var hostServices = Resolve(target, target.Services);
        var lifetime = Resolve(target, hostServices.GetRequiredService<IHostApplicationLifetime>);

        if (tracking is not null && !tracking.TryMarkChecked())
        {
            throw new InvalidOperationException("This host was already stopped and checked. Check a host once, after exercising it; build a new host for another check.");
        }

        var settings = options ?? tracking?.Scope.Options ?? new TaskLeakOptions();
        if (tracking is not null && options is not null)
        {
            // Options given to the check apply to it: its timeout also bounds the wait for the host's tasks, and its
            // ignore rules join those given where tracking began.
            tracking.Scope.Options.ApplyAtCheck(options, target.StartTrackedName);
            settings = tracking.Scope.Options;
        }

        var services = hostServices.GetServices<IHostedService>().ToArray();
        bool requestsUntracked = tracking is not null && target.Owner is IHost && !Integrations.RequestsTracked && IsWebHost(hostServices);
        var shutdownTimeout = hostServices.GetService<IOptions<HostOptions>>()?.Value.ShutdownTimeout;
        bool stoppedFired = false;
        using var stoppedRegistration = lifetime.ApplicationStopped.Register(() => Volatile.Write(ref stoppedFired, true));

        var clock = settings.TimeProvider;
        long started = clock.GetTimestamp();
        var (stopTimedOut, stopFailures, stopStarved) = await StopHostAsync(target, settings, tracking?.Scope.Tracker).ConfigureAwait(false);
        var stopDuration = clock.GetElapsedTime(started);

        var taskReport = tracking is not null
            ? await tracking.Scope.StopAsync().ConfigureAwait(false)
            : await UntrackedReportAsync(services, settings).ConfigureAwait(false);
        var sinceStop = clock.GetElapsedTime(started);

        return Judge(target, services, stopFailures, taskReport, tracking is not null, requestsUntracked, stopDuration, sinceStop, stopTimedOut, stopStarved, Volatile.Read(ref stoppedFired), shutdownTimeout, settings.Timeout);
    }

    private static T Resolve<T>(ShutdownTarget target, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ObjectDisposedException e)
        {
            throw new ObjectDisposedException(target.DisposedMessage, e);
        }
    }

    private static async Task<(bool TimedOut, IReadOnlyList<Exception> Failures, StopStarvation Starved)> StopHostAsync(ShutdownTarget target, TaskLeakOptions settings, ScopeTracker? hostScope)
    {
        var stopping = target.StopAsync();
        var starved = StopStarvation.None;
        // The deadline holds while other work blocks every pool thread (a pool timer would fire late then).
        if (!await VerdictClock.CompletesWithinAsync(stopping, settings.Timeout, settings.TimeProvider).ConfigureAwait(false))
        {
            // A stop that only waits for a pool thread another test holds is not this host's fault: wait on while
            // the pool makes no progress, as a scope's verdict does.
            var (stalled, stillStalled) = await PoolStarvation.WaitForStopWhileStarvedAsync(stopping, hostScope, settings.StarvationGrace).ConfigureAwait(false);
            starved = new StopStarvation(stalled, stillStalled);
            if (stalled > TimeSpan.Zero && !stillStalled && !stopping.IsCompleted)
            {
                // The pool moves again, and the stop's continuations, queued behind the work that held it, have yet to
                // run: judging at that very moment blamed a clean host whose stop returned a few milliseconds later
                // (PoolStarvationTests, once in CI). Once starved, the stop gets its timeout again with the pool free.
                await VerdictClock.CompletesWithinAsync(stopping, settings.Timeout, settings.TimeProvider).ConfigureAwait(false);
            }

            if (!stopping.IsCompleted)
            {
                // The stop goes on after we give up; observe its eventual failure so it is not reported as unobserved.
                _ = stopping.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return (true, [], starved);
            }
        }

        try
        {
            await stopping.ConfigureAwait(false);
            return (false, [], starved);
        }
        catch (AggregateException e)
        {
            return (false, e.Flatten().InnerExceptions, starved);
        }
        catch (Exception e)
        {
            return (false, [e], starved);
        }
    }

    /// <summary>How long the stop went on past the timeout while the thread pool made no progress, and whether it still made none at the end.</summary>
    private readonly record struct StopStarvation(TimeSpan Stalled, bool StillStalled)
    {
        public static StopStarvation None => default;
    }

    // Without a scope, only the BackgroundServices' own ExecuteTasks can be waited for.
    private static async Task<TaskLeakReport> UntrackedReportAsync(IHostedService[] services, TaskLeakOptions settings)
    {
        var executing = services.OfType<BackgroundService>().Select(s => s.ExecuteTask).OfType<Task>().Where(t => !t.IsCompleted).ToArray();
        long started = settings.TimeProvider.GetTimestamp();
        if (executing.Length > 0)
        {
            try
            {
                await Task.WhenAll(executing).WaitAsync(settings.Timeout, settings.TimeProvider).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Timeouts and faults are judged per service below.
            }
        }

        return new TaskLeakReport("host (untracked)", [], 0, settings.TimeProvider.GetElapsedTime(started), settings.Timeout, []);
    }

    private static HostShutdownReport Judge(
        ShutdownTarget target,
        IHostedService[] services,
        IReadOnlyList<Exception> stopFailures,
        TaskLeakReport taskReport,
        bool wasTracked,
        bool requestsUntracked,
        TimeSpan stopDuration,
        TimeSpan sinceStop,
        bool stopTimedOut,
        StopStarvation stopStarved,
        bool stoppedFired,
        TimeSpan? shutdownTimeout,
        TimeSpan timeout)
    {
        var attribution = new ServiceAttribution(services);
        var leaksByService = taskReport.Leaks.ToLookup(attribution.OwnerOf);
        var failuresByService = stopFailures.ToLookup(attribution.OwnerOf);

        var serviceReports = services.Select(service =>
        {
            var leaks = leaksByService[service].ToArray();
            var problems = new List<string>();
            if (service is BackgroundService background)
            {
                problems.AddRange(ExecuteTaskProblems(background, leaks, sinceStop));
            }

            problems.AddRange(failuresByService[service].Select(e => $"{FailedMethod(e, service)} threw {e.GetType().Name}: {e.Message}"));
            return new HostedServiceReport(service.GetType(), ServiceName(service), ServiceKind(service), (service as BackgroundService)?.ExecuteTask?.Status, problems, leaks);
        }).ToArray();

        var hostProblems = new List<string>();
        if (stopTimedOut)
        {
            hostProblems.Add($"{target.StopName} did not return within {ReportFormatter.Duration(timeout)}"
                + (shutdownTimeout > timeout ? $"; HostOptions.ShutdownTimeout is {ReportFormatter.Duration(shutdownTimeout.Value)}, longer than this check waits (set it below the assertion timeout in tests)" : string.Empty)
                + (stopStarved.StillStalled ? $"; the thread pool made no progress for {ReportFormatter.Duration(stopStarved.Stalled)} after that, so the stop may never have got a thread: other work (another test's?) blocks every pool thread (TaskLeakOptions.StarvationGrace)" : string.Empty));
        }
        else if (!stoppedFired)
        {
            hostProblems.Add("IHostApplicationLifetime.ApplicationStopped never fired: the host did not finish its shutdown");
        }

        hostProblems.AddRange(failuresByService[null].Select(e => $"{target.StopName} threw {e.GetType().Name}: {e.Message}"));

        var notes = new List<string>();
        if (!wasTracked)
        {
            notes.Add(target.UntrackedNote);
        }

        if (!stopTimedOut && stopStarved.Stalled > TimeSpan.Zero)
        {
            notes.Add($"{target.StopName} returned {ReportFormatter.Duration(stopStarved.Stalled)} after the timeout: the thread pool made no progress meanwhile and none of the host's work ran on a thread, so the check waited for the pool (TaskLeakOptions.StarvationGrace).");
        }

        if (!stopTimedOut && shutdownTimeout > timeout)
        {
            notes.Add($"HostOptions.ShutdownTimeout ({ReportFormatter.Duration(shutdownTimeout.Value)}) is longer than the assertion timeout ({ReportFormatter.Duration(timeout)}); a stuck service would make this check give up before the host does.");
        }

        if (NeverExecuted(services) is { } neverExecuted)
        {
            notes.Add(neverExecuted);
        }

        if (requestsUntracked)
        {
            notes.Add("not tracked: requests. This is a web host, and without TaskLeakAssert.AspNetCore its requests run outside every scope, so work a request leaves behind is not seen. Add the TaskLeakAssert.AspNetCore package to the test project: requests then join the host's scope.");
        }

        notes.AddRange(taskReport.Notes);
        return new HostShutdownReport(serviceReports, hostProblems, leaksByService[null].ToArray(), taskReport, wasTracked, stopDuration, stopTimedOut, stoppedFired, shutdownTimeout, timeout, notes);
    }

    // A BackgroundService whose ExecuteTask is null never ran ExecuteAsync: there was nothing of it to check, which a clean
    // line for it must not hide.
    private static string? NeverExecuted(IHostedService[] services)
    {
        var names = services.OfType<BackgroundService>().Where(s => s.ExecuteTask is null).Select(ServiceName).ToArray();
        return names.Length == 0
            ? null
            : $"not checked: the ExecuteAsync of {string.Join(", ", names)} never ran (ExecuteTask is null): the host never started {(names.Length == 1 ? "it" : "them")}, or a StartAsync override does not call base.StartAsync.";
    }

    // An ASP.NET Core server is registered: found by name, so this package does not depend on ASP.NET Core.
    private static bool IsWebHost(IServiceProvider services)
    {
        try
        {
            return Type.GetType("Microsoft.AspNetCore.Hosting.Server.IServer, Microsoft.AspNetCore.Hosting.Server.Abstractions", throwOnError: false) is { } server
                && services.GetService(server) is not null;
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }

    private static IEnumerable<string> ExecuteTaskProblems(BackgroundService service, LeakedTask[] leaks, TimeSpan sinceStop)
    {
        var execute = service.ExecuteTask;
        if (execute is null)
        {
            yield break;
        }

        if (!execute.IsCompleted)
        {
            var loop = leaks.FirstOrDefault(l => l.MethodName?.EndsWith(".ExecuteAsync", StringComparison.Ordinal) == true) ?? leaks.FirstOrDefault();
            yield return $"ExecuteAsync still running {ReportFormatter.Duration(sinceStop)} after StopAsync — it never observes stoppingToken" + (loop is null ? string.Empty : "; " + WhereItIs(loop));
        }
        else if (execute.IsFaulted)
        {
            var error = execute.Exception!.InnerExceptions.Count == 1 ? execute.Exception.InnerExceptions[0] : execute.Exception;
            string where = ThrownIn(error, service) is { } at ? $" at {at}" : string.Empty;
            yield return error is ObjectDisposedException
                ? $"ExecuteAsync faulted with ObjectDisposedException{where}: {error.Message} Its loop went on after the host began to stop and used an object that was already disposed; it never stopped at stoppingToken. Pass stoppingToken to every wait in the loop and check it, so ExecuteAsync ends before the host disposes its services."
                : $"ExecuteAsync faulted with {error.GetType().Name}{where}: {error.Message}";
        }
    }

    // "suspended at an await on Task.Delay in OrderPump.ExecuteAsync (OrderPump.cs:31)"
    private static string WhereItIs(LeakedTask leak)
    {
        string what = leak.IsRunning
            ? leak.State.Contains("likely blocked", StringComparison.Ordinal) ? leak.State : "running on a thread without reaching an await"
            : leak.AwaitChain.Count > 1 ? $"suspended at an await on {leak.AwaitChain[^1]}" : leak.State;
        string? firstFrame = leak.CreationStackTrace?.Split(Environment.NewLine)[0];
        int at = firstFrame?.LastIndexOf(" in ", StringComparison.Ordinal) ?? -1;
        string where = at < 0 ? string.Empty : $" ({Path.GetFileName(firstFrame![(at + 4)..])})";
        return $"{what} in {leak.MethodName ?? leak.Description}{where}";
    }

    // "StockSync.ExecuteAsync in StockSync.cs:31": the service's own frame that threw, with its line where symbols exist.
    private static string? ThrownIn(Exception error, IHostedService service)
    {
        var frame = new StackTrace(error, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetMethod() is { } m && FriendlyName.UserType(m.DeclaringType) == service.GetType());
        if (frame?.GetMethod() is not { } method)
        {
            return null;
        }

        string name = FriendlyName.ForMethod(method).Qualified;
        return frame.GetFileName() is { } file ? $"{name} in {Path.GetFileName(file)}:{frame.GetFileLineNumber()}" : name;
    }

    private static string FailedMethod(Exception error, IHostedService service)
    {
        string[] stopMethods = ["StoppingAsync", "StopAsync", "StoppedAsync"];
        var frame = new StackTrace(error, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m is not null && FriendlyName.UserType(m.DeclaringType) == service.GetType());
        string? name = frame is null ? null : FriendlyName.ForMethod(frame).Member;
        return name is not null && stopMethods.Contains(name) ? name : "StopAsync";
    }

    private static string ServiceName(IHostedService service) => FriendlyName.OwnerName(service.GetType()) ?? service.GetType().Name;

    private static string ServiceKind(IHostedService service) => service switch
    {
        BackgroundService => "BackgroundService",
        IHostedLifecycleService => "IHostedLifecycleService",
        _ => "IHostedService",
    };
}
