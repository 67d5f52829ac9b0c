namespace TaskLeakAssert;

/// <summary>
/// An ignore rule that test-framework attributes can name by type (an attribute cannot hold a lambda):
/// <c>[AssertNoLeakedTasks(IgnoreRule = typeof(IgnoreCacheWarmer))]</c>. The type needs a public
/// parameterless constructor.
/// </summary>
public interface ILeakIgnoreRule
{
    /// <summary>Whether the leak is known background work to leave out of the verdict.</summary>
    /// <param name="leak">The leak to judge.</param>
    bool ShouldIgnore(LeakedTask leak);
}
