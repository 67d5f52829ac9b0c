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

public sealed class LeakyTests
{
    [Theory]
    [InlineData(7)]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_a_polling_loop(int orderId)
    {
        Assert.Equal(7, orderId);
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [Fact]
    [AllowLeakedTasks("leaves a loop running on purpose, to prove the opt-out")]
    public async Task Opts_out_with_a_reason()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }
}

[AllowLeakedTasks("the whole class opts out")]
public sealed class OptedOutClass
{
    [Fact]
    public void Leaks_but_the_class_opted_out() => _ = Work.PollForeverAsync();

    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public void A_method_can_opt_back_in() => _ = Work.PollForeverAsync();
}
