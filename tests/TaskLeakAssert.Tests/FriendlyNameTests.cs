using TaskLeakAssert.Reporting;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Compiler-generated names become the names the user wrote.</summary>
public sealed class FriendlyNameTests
{
    [Theory]
    [InlineData("PumpAsync", "Worker.PumpAsync")]
    [InlineData("<Start>b__0_0", "lambda in Worker.Start")]
    [InlineData("<Start>g__Loop|0_0", "Worker.Loop")]
    [InlineData("<<Main>$>b__0_1", "lambda in Worker.Main")]
    [InlineData("<<Start>b__0_0>d", "lambda in Worker.Start")]
    public void Generated_member_names_read_as_written(string raw, string expected)
    {
        var name = FriendlyName.FromMember("Worker", FriendlyName.StateMachineMember(raw) is var inner && raw.EndsWith(">d") ? inner : raw);

        Assert.Equal(expected, name.ToString());
    }

    [Theory]
    [InlineData("<PumpAsync>d__3", "PumpAsync")]
    [InlineData("<<Start>b__0_0>d", "<Start>b__0_0")]
    [InlineData("Plain", "Plain")]
    public void A_state_machine_name_gives_its_method(string stateMachine, string expected)
    {
        Assert.Equal(expected, FriendlyName.StateMachineMember(stateMachine));
    }

    [Fact]
    public void A_state_machine_type_names_its_declaring_type_and_method()
    {
        var stateMachine = typeof(FriendlyNameTests).GetNestedTypes(System.Reflection.BindingFlags.NonPublic)
            .Single(t => t.Name.StartsWith("<SampleAsync>", StringComparison.Ordinal));

        Assert.Equal("FriendlyNameTests.SampleAsync", FriendlyName.ForStateMachine(stateMachine).ToString());
    }

    [Fact]
    public void Generic_and_nested_owner_types_are_written_plainly()
    {
        Assert.Equal("FriendlyNameTests.Box", FriendlyName.OwnerName(typeof(Box<int>)));
    }

    private static async Task SampleAsync() => await Task.Yield();

    private sealed class Box<T>
    {
    }
}
