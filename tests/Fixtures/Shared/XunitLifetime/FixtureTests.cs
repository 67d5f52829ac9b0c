using TaskLeakAssert.Fixtures;
#if XUNIT_V3
using TaskLeakAssert.XunitV3;
using Xunit;
namespace TaskLeakAssert.XunitV3.LifetimeFixture;
#else
using TaskLeakAssert.Xunit;
using Xunit;
namespace TaskLeakAssert.Xunit.LifetimeFixture;
#endif

/// <summary>A class fixture whose work starts lazily, from the first test that asks for it; Dispose stops it.</summary>
public class LazyLoopFixture : LazyLoops;

/// <summary>Whichever test runs first starts the fixture's loops: neither test is blamed for them.</summary>
public sealed class LazyClassFixtureTests(LazyLoopFixture fixture) : IClassFixture<LazyLoopFixture>
{
    [Fact]
    public async Task One_test_starts_or_uses_the_fixture() => Assert.True(await fixture.EnsureRunningAsync());

    [Fact]
    public async Task Another_test_starts_or_uses_the_fixture() => Assert.True(await fixture.EnsureRunningAsync());
}

/// <summary>A class fixture around a real generic host, started by whichever test asks first.</summary>
public sealed class LazyHostFixture : LazyHost;

public sealed class LazyHostFixtureTests(LazyHostFixture fixture) : IClassFixture<LazyHostFixture>
{
    [Fact]
    public async Task One_test_starts_or_uses_the_host() => Assert.NotNull((await fixture.GetAsync()).Services);

    [Fact]
    public async Task Another_test_starts_or_uses_the_host() => Assert.NotNull((await fixture.GetAsync()).Services);
}

#if XUNIT_V3
/// <summary>An xunit v3 assembly fixture whose loops start lazily, from whichever test asks first.</summary>
public sealed class LazyAssemblyLoopFixture : LazyLoops;

public sealed class LazyAssemblyFixtureTests(LazyAssemblyLoopFixture fixture)
{
    [Fact]
    public async Task A_test_starts_or_uses_the_assembly_fixture() => Assert.True(await fixture.EnsureRunningAsync());
}
#endif

/// <summary>The same for a collection fixture; its code is in its base class.</summary>
public sealed class LazyCollectionLoopFixture : LazyLoopFixture;

[CollectionDefinition("lazy loop collection")]
public sealed class LazyLoopCollection : ICollectionFixture<LazyCollectionLoopFixture>;

[Collection("lazy loop collection")]
public sealed class LazyCollectionFixtureTests(LazyCollectionLoopFixture fixture)
{
    [Fact]
    public async Task One_class_starts_or_uses_the_collection_fixture() => Assert.True(await fixture.EnsureRunningAsync());
}

[Collection("lazy loop collection")]
public sealed class MoreLazyCollectionFixtureTests(LazyCollectionLoopFixture fixture)
{
    [Fact]
    public async Task Another_class_starts_or_uses_the_collection_fixture() => Assert.True(await fixture.EnsureRunningAsync());
}

/// <summary>
/// A class fixture that starts a loop in its constructor and another lazily, from its test, and stops neither:
/// the test passes, the class's cleanup fails. (xunit v3 gives no hook around a fixture's creation: there, the
/// constructor's loop is tracked by nobody, the lazily started one by the fixture.)
/// </summary>
public sealed class ForgetfulFixture
{
    private Task? _lazyLoop;

    public ForgetfulFixture() => Loop = Work.PollForeverAsync();

    public Task Loop { get; }

    public async Task StartAsync()
    {
        await Task.Yield();
        _lazyLoop ??= PollLazilyAsync();
    }

    private static async Task PollLazilyAsync() => await Work.PollForeverAsync();
}

[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public sealed class ForgetfulFixtureTests(ForgetfulFixture fixture) : IClassFixture<ForgetfulFixture>
{
    [Fact]
    public async Task Runs_while_the_fixture_loops_run()
    {
        await fixture.StartAsync();
        Assert.False(fixture.Loop.IsCompleted);
    }
}

/// <summary>A collection fixture whose loop, started lazily from a test, outlives its teardown.</summary>
public sealed class ForgetfulCollectionFixture
{
    private Task? _loop;

    public async Task StartAsync()
    {
        await Task.Yield();
        _loop ??= Work.PollForeverAsync();
    }
}

[CollectionDefinition("forgetful collection")]
public sealed class ForgetfulCollection : ICollectionFixture<ForgetfulCollectionFixture>;

[Collection("forgetful collection")]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public sealed class ForgetfulCollectionFixtureTests(ForgetfulCollectionFixture fixture)
{
    [Fact]
    public async Task Starts_the_collection_fixture_loop() => await fixture.StartAsync();
}
