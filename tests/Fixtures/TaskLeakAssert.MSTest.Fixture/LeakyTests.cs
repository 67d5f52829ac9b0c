using TaskLeakAssert.Fixtures;
using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class LeakyTests
{
    [TestMethod]
    public async Task Leaks_a_polling_loop()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }

    [TestMethod]
    public async Task Leaks_an_unobserved_fault()
    {
        _ = Work.FailLaterAsync();
        await Task.Delay(100);
    }

    [TestMethod]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500, IgnoredMethods = new[] { "PollForeverAsync" })]
    public async Task Leaks_only_ignored_background_work()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }

    [TestMethod]
    [DataRow(7, "express")]
    public async Task Leaks_in_a_data_row(int orderId, string lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orderId);
        ArgumentException.ThrowIfNullOrEmpty(lane);
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [TestMethod]
    public void Fails_and_leaks()
    {
        _ = Work.PollForeverAsync();
        Assert.Fail("the test's own failure");
    }
}

[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class LeakInTestInitializeTests
{
    [TestInitialize]
    public void StartPolling() => _ = Work.PollForeverAsync();

    [TestMethod]
    public void Leaks_from_its_TestInitialize()
    {
        Assert.IsNotNull(TaskLeakScope.Current);
    }
}

[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 0)]
public class MisconfiguredTests
{
    [TestMethod]
    public void Has_a_zero_timeout()
    {
    }
}

/// <summary>No attribute anywhere: the class attribute that [TestClass] names here changes nothing for it.</summary>
[TestClass]
public class UncheckedTests
{
    [TestMethod]
    public async Task Leaks_without_the_attribute_and_passes()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [TestMethod]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_with_the_attribute_on_the_method()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }
}
