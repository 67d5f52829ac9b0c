using Xunit;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>
/// Facts: each test runs once, as most tests of a real suite do, so no test repeats its own creation sites; each
/// calls shared helpers of the code under test (a fan-out, a read through the cache, a short job), as real tests do.
/// </summary>
internal static class FactWork
{
    public static async Task FanOutAsync(int seed)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await Task.Yield();
            return i + seed;
        })));
        Assert.Equal(10, results.Length);
    }

    public static async Task ReadThroughAsync(int seed)
    {
        var cache = new AsyncCache<int, int>();
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal((i + seed) % 8 * 3, await cache.GetOrCreateAsync((i + seed) % 8, async k =>
            {
                await Task.Yield();
                return k * 3;
            }));
        }
    }

    public static async Task RunJobAsync(int seed)
    {
        int handled = 0;
        await using var worker = new JobWorker(2, async (item, cancellationToken) =>
        {
            await Task.Yield();
            Interlocked.Increment(ref handled);
        });
        worker.Start();
        for (int item = 0; item < 20 + seed % 3; item++)
        {
            await worker.EnqueueAsync(item);
        }

        await worker.DrainAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(20 + seed % 3, handled);
    }
}

public sealed class Facts1
{
    [Fact] public Task Fact001() => FactWork.ReadThroughAsync(1);

    [Fact] public Task Fact002() => FactWork.RunJobAsync(2);

    [Fact] public Task Fact003() => FactWork.FanOutAsync(3);

    [Fact] public Task Fact004() => FactWork.ReadThroughAsync(4);

    [Fact] public Task Fact005() => FactWork.RunJobAsync(5);

    [Fact] public Task Fact006() => FactWork.FanOutAsync(6);

    [Fact] public Task Fact007() => FactWork.ReadThroughAsync(7);

    [Fact] public Task Fact008() => FactWork.RunJobAsync(8);

    [Fact] public Task Fact009() => FactWork.FanOutAsync(9);

    [Fact] public Task Fact010() => FactWork.ReadThroughAsync(10);

    [Fact] public Task Fact011() => FactWork.RunJobAsync(11);

    [Fact] public Task Fact012() => FactWork.FanOutAsync(12);

    [Fact] public Task Fact013() => FactWork.ReadThroughAsync(13);

    [Fact] public Task Fact014() => FactWork.RunJobAsync(14);

    [Fact] public Task Fact015() => FactWork.FanOutAsync(15);

    [Fact] public Task Fact016() => FactWork.ReadThroughAsync(16);

    [Fact] public Task Fact017() => FactWork.RunJobAsync(17);

    [Fact] public Task Fact018() => FactWork.FanOutAsync(18);

    [Fact] public Task Fact019() => FactWork.ReadThroughAsync(19);

    [Fact] public Task Fact020() => FactWork.RunJobAsync(20);

    [Fact] public Task Fact021() => FactWork.FanOutAsync(21);

    [Fact] public Task Fact022() => FactWork.ReadThroughAsync(22);

    [Fact] public Task Fact023() => FactWork.RunJobAsync(23);

    [Fact] public Task Fact024() => FactWork.FanOutAsync(24);

    [Fact] public Task Fact025() => FactWork.ReadThroughAsync(25);
}

public sealed class Facts2
{
    [Fact] public Task Fact026() => FactWork.RunJobAsync(26);

    [Fact] public Task Fact027() => FactWork.FanOutAsync(27);

    [Fact] public Task Fact028() => FactWork.ReadThroughAsync(28);

    [Fact] public Task Fact029() => FactWork.RunJobAsync(29);

    [Fact] public Task Fact030() => FactWork.FanOutAsync(30);

    [Fact] public Task Fact031() => FactWork.ReadThroughAsync(31);

    [Fact] public Task Fact032() => FactWork.RunJobAsync(32);

    [Fact] public Task Fact033() => FactWork.FanOutAsync(33);

    [Fact] public Task Fact034() => FactWork.ReadThroughAsync(34);

    [Fact] public Task Fact035() => FactWork.RunJobAsync(35);

    [Fact] public Task Fact036() => FactWork.FanOutAsync(36);

    [Fact] public Task Fact037() => FactWork.ReadThroughAsync(37);

    [Fact] public Task Fact038() => FactWork.RunJobAsync(38);

    [Fact] public Task Fact039() => FactWork.FanOutAsync(39);

    [Fact] public Task Fact040() => FactWork.ReadThroughAsync(40);

    [Fact] public Task Fact041() => FactWork.RunJobAsync(41);

    [Fact] public Task Fact042() => FactWork.FanOutAsync(42);

    [Fact] public Task Fact043() => FactWork.ReadThroughAsync(43);

    [Fact] public Task Fact044() => FactWork.RunJobAsync(44);

    [Fact] public Task Fact045() => FactWork.FanOutAsync(45);

    [Fact] public Task Fact046() => FactWork.ReadThroughAsync(46);

    [Fact] public Task Fact047() => FactWork.RunJobAsync(47);

    [Fact] public Task Fact048() => FactWork.FanOutAsync(48);

    [Fact] public Task Fact049() => FactWork.ReadThroughAsync(49);

    [Fact] public Task Fact050() => FactWork.RunJobAsync(50);
}

public sealed class Facts3
{
    [Fact] public Task Fact051() => FactWork.FanOutAsync(51);

    [Fact] public Task Fact052() => FactWork.ReadThroughAsync(52);

    [Fact] public Task Fact053() => FactWork.RunJobAsync(53);

    [Fact] public Task Fact054() => FactWork.FanOutAsync(54);

    [Fact] public Task Fact055() => FactWork.ReadThroughAsync(55);

    [Fact] public Task Fact056() => FactWork.RunJobAsync(56);

    [Fact] public Task Fact057() => FactWork.FanOutAsync(57);

    [Fact] public Task Fact058() => FactWork.ReadThroughAsync(58);

    [Fact] public Task Fact059() => FactWork.RunJobAsync(59);

    [Fact] public Task Fact060() => FactWork.FanOutAsync(60);

    [Fact] public Task Fact061() => FactWork.ReadThroughAsync(61);

    [Fact] public Task Fact062() => FactWork.RunJobAsync(62);

    [Fact] public Task Fact063() => FactWork.FanOutAsync(63);

    [Fact] public Task Fact064() => FactWork.ReadThroughAsync(64);

    [Fact] public Task Fact065() => FactWork.RunJobAsync(65);

    [Fact] public Task Fact066() => FactWork.FanOutAsync(66);

    [Fact] public Task Fact067() => FactWork.ReadThroughAsync(67);

    [Fact] public Task Fact068() => FactWork.RunJobAsync(68);

    [Fact] public Task Fact069() => FactWork.FanOutAsync(69);

    [Fact] public Task Fact070() => FactWork.ReadThroughAsync(70);

    [Fact] public Task Fact071() => FactWork.RunJobAsync(71);

    [Fact] public Task Fact072() => FactWork.FanOutAsync(72);

    [Fact] public Task Fact073() => FactWork.ReadThroughAsync(73);

    [Fact] public Task Fact074() => FactWork.RunJobAsync(74);

    [Fact] public Task Fact075() => FactWork.FanOutAsync(75);
}

public sealed class Facts4
{
    [Fact] public Task Fact076() => FactWork.ReadThroughAsync(76);

    [Fact] public Task Fact077() => FactWork.RunJobAsync(77);

    [Fact] public Task Fact078() => FactWork.FanOutAsync(78);

    [Fact] public Task Fact079() => FactWork.ReadThroughAsync(79);

    [Fact] public Task Fact080() => FactWork.RunJobAsync(80);

    [Fact] public Task Fact081() => FactWork.FanOutAsync(81);

    [Fact] public Task Fact082() => FactWork.ReadThroughAsync(82);

    [Fact] public Task Fact083() => FactWork.RunJobAsync(83);

    [Fact] public Task Fact084() => FactWork.FanOutAsync(84);

    [Fact] public Task Fact085() => FactWork.ReadThroughAsync(85);

    [Fact] public Task Fact086() => FactWork.RunJobAsync(86);

    [Fact] public Task Fact087() => FactWork.FanOutAsync(87);

    [Fact] public Task Fact088() => FactWork.ReadThroughAsync(88);

    [Fact] public Task Fact089() => FactWork.RunJobAsync(89);

    [Fact] public Task Fact090() => FactWork.FanOutAsync(90);

    [Fact] public Task Fact091() => FactWork.ReadThroughAsync(91);

    [Fact] public Task Fact092() => FactWork.RunJobAsync(92);

    [Fact] public Task Fact093() => FactWork.FanOutAsync(93);

    [Fact] public Task Fact094() => FactWork.ReadThroughAsync(94);

    [Fact] public Task Fact095() => FactWork.RunJobAsync(95);

    [Fact] public Task Fact096() => FactWork.FanOutAsync(96);

    [Fact] public Task Fact097() => FactWork.ReadThroughAsync(97);

    [Fact] public Task Fact098() => FactWork.RunJobAsync(98);

    [Fact] public Task Fact099() => FactWork.FanOutAsync(99);

    [Fact] public Task Fact100() => FactWork.ReadThroughAsync(100);
}
