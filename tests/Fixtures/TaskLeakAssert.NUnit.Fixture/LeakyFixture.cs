using NUnit.Framework;
using TaskLeakAssert.Fixtures;

namespace TaskLeakAssert.NUnit.Fixture;

[TestFixture]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class LeakyFixture
{
    [Test]
    public async Task Leaks_a_polling_loop()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }

    [Test]
    public async Task Leaks_an_unobserved_fault()
    {
        _ = Work.FailLaterAsync();
        await Task.Delay(100);
    }

    [Test]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500, IgnoredMethods = new[] { "PollForeverAsync" })]
    public async Task Leaks_only_ignored_background_work()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }
}

[TestFixture]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class LeakInSetUpFixture
{
    [SetUp]
    public void StartPolling() => _ = Work.PollForeverAsync();

    [Test]
    public void Leaks_from_its_SetUp()
    {
        Assert.That(TaskLeakScope.Current, Is.Not.Null);
    }
}
