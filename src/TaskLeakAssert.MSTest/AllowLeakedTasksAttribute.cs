namespace TaskLeakAssert.MSTest;

/// <summary>
/// Takes a test, or every test of a class, out of the leak check that <see cref="AssertNoLeakedTasksAttribute"/>
/// on its class or assembly asks for. The reason is required and is written to the test's output, so a
/// skipped check stays visible: <c>[AllowLeakedTasks("waits on a handle that never completes, on purpose")]</c>.
/// </summary>
/// <remarks>The innermost level decides: a method's attribute (either one) wins over its class's, a class's over the assembly's.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AllowLeakedTasksAttribute : Attribute
{
    /// <summary>Allows the test's tasks to outlive it, for the reason given.</summary>
    /// <param name="reason">Why this test may leave tasks behind; written to the test's output.</param>
    /// <exception cref="ArgumentException">The reason is empty.</exception>
    public AllowLeakedTasksAttribute(string reason) =>
        Reason = TestAttributeSettings.RequireReason(reason, "AllowLeakedTasks");

    /// <summary>Why the test may leave tasks behind.</summary>
    public string Reason { get; }
}
