using System.Runtime.CompilerServices;
using System.Xml.Linq;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// The test runner's own async methods run every test from the same places: once such a site repeated, every test
/// borrows it instead of walking its stack. A site with the user's code in it stays the test's own.
/// </summary>
[Collection(RepeatedTestSiteTests.Memory)]
public sealed class RunnerSiteTests
{
    [Fact]
    public void A_site_of_the_runners_own_work_is_lent_to_every_test_once_it_repeated()
    {
        string key = $"Async: <Runs{Guid.NewGuid():N}>d__1";
        var lent = Repeat("TestA", key, runnersOwn: true, until: () => RepeatedTestSites.Settled("TestB", key));

        Assert.NotNull(lent);
        Assert.True(lent.IsShared);
    }

    [Fact]
    public void A_site_with_the_users_code_is_kept_for_its_own_test()
    {
        string key = $"Async: <Helper{Guid.NewGuid():N}>d__1";
        var own = Repeat("TestA", key, runnersOwn: false, until: () => RepeatedTestSites.Settled("TestA", key));

        Assert.NotNull(own);
        Assert.Null(RepeatedTestSites.Settled("TestB", key));
    }

    [Fact]
    public void The_memory_starts_over_past_its_capacity()
    {
        string key = $"Async: <Bounded{Guid.NewGuid():N}>d__1";
        Assert.NotNull(Repeat("TestC", key, runnersOwn: false, until: () => RepeatedTestSites.Settled("TestC", key)));

        var site = WalkHere();
        for (int i = 0; i <= RepeatedTestSites.Capacity; i++)
        {
            RepeatedTestSites.Walked("TestC", $"{key}#{i}", site, runnersOwn: false);
        }

        Assert.Null(RepeatedTestSites.Settled("TestC", key));
    }

    [Fact]
    public void Only_the_runtime_TaskLeakAssert_and_a_test_runner_are_the_runners_own_code()
    {
        Assert.True(FrameFilter.IsRunnerOrBelow(typeof(Task)));
        Assert.True(FrameFilter.IsRunnerOrBelow(typeof(TaskLeakScope)));
        Assert.True(FrameFilter.IsRunnerOrBelow(typeof(Xunit.Sdk.ExceptionAggregator)));
        Assert.False(FrameFilter.IsRunnerOrBelow(typeof(Assert)), "assertions run the test's own code");
        Assert.False(FrameFilter.IsRunnerOrBelow(typeof(RunnerSiteTests)), "the test's code is the user's");
        Assert.False(FrameFilter.IsRunnerOrBelow(typeof(System.Text.RegularExpressions.Regex)), "a library the test uses is not the runner");
    }

    [Fact]
    public void Every_package_that_runs_in_a_test_process_is_TaskLeakAssert_own_code_and_its_tests_are_not()
    {
        // A package missing here would read as the user's code: its frames in reports, its methods as creators.
        var packages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(AssemblyNameOf)
            .Where(name => !name.StartsWith("TaskLeakAssert.Analyzers", StringComparison.Ordinal)) // they run in the compiler
            .ToList();

        Assert.Contains("TaskLeakAssert.AspNetCore", packages);
        Assert.All(packages, name => Assert.True(FrameFilter.IsRuntimeOrSelfAssembly(name), name + " is TaskLeakAssert's own code"));
        Assert.False(FrameFilter.IsRuntimeOrSelfAssembly(typeof(RunnerSiteTests).Assembly.GetName().Name!), "a test project is the user's code");
    }

    private static string AssemblyNameOf(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TaskLeakAssert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TaskLeakAssert.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void A_stack_with_a_frame_of_the_test_is_not_the_runners_own()
    {
        Assert.False(WalkHere().IsTheRunnersOwn);
    }

    // Walks from one place until a site settles: the JIT may change the stack's shape once (tiering).
    private static CreationSite? Repeat(string test, string key, bool runnersOwn, Func<CreationSite?> until)
    {
        for (int walk = 0; walk < 10; walk++)
        {
            RepeatedTestSites.Walked(test, key, WalkHere(), runnersOwn);
            if (until() is { } settled)
            {
                return settled;
            }
        }

        return null;
    }

    // Never inlined: its frame is the test's code on the stack, also in a Release build under TieredCompilation=0.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CreationSite WalkHere() => CreationSite.Of(CreationSite.Walk(), armsTimer: false);
}
