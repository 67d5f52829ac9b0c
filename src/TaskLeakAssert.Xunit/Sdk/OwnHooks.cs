using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>Under <see cref="TaskLeakTestFramework"/> the runner owns the scope; the attribute's own Before/After hooks must not run too.</summary>
internal static class OwnHooks
{
    public static List<BeforeAfterTestAttribute> Without(List<BeforeAfterTestAttribute> attributes)
    {
        attributes.RemoveAll(a => a is AssertNoLeakedTasksAttribute);
        return attributes;
    }
}
