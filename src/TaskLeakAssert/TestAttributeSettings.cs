using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert;

/// <summary>
/// What an adapter's attributes on a test's method, class and assembly ask for: a leak check with which
/// options, or none, and the reason when the test opted out. One rule for every framework adapter: the
/// innermost level that says anything decides, and options refine from the assembly inwards.
/// </summary>
internal sealed record TestAttributeSettings(TaskLeakOptions? Options, string? AllowedBecause)
{
    public static TestAttributeSettings Resolve<TAssert, TAllow>(MethodInfo method, Type testClass, Func<TAssert, TaskLeakOptions> options, Func<TAllow, string> reason)
        where TAssert : Attribute
        where TAllow : Attribute
    {
        var decision = Decisions<TAssert, TAllow>.Of(method, testClass);
        if (decision.Allow is { } allow)
        {
            return new TestAttributeSettings(null, reason(allow));
        }

        if (decision.Asserts.Length == 0)
        {
            return new TestAttributeSettings(null, null);
        }

        // Options are made anew for every test: a scope may refine its own, and a misconfigured attribute throws each time.
        var result = options(decision.Asserts[0]);
        foreach (var inner in decision.Asserts.AsSpan(1))
        {
            AttributeOptions.Refine(result, options(inner));
        }

        return new TestAttributeSettings(result, null);
    }

    /// <summary>
    /// The options for checking a shared fixture's own teardown, or null when no test that uses it is checked.
    /// The fixture is checked when any of its tests is; its options are the class's and assembly's (inner
    /// wins), or the defaults when only test methods carry the attribute. A misconfigured attribute yields
    /// null here: the tests themselves report it.
    /// </summary>
    public static TaskLeakOptions? ForFixture<TAssert, TAllow>(IEnumerable<(MethodInfo Method, Type TestClass)> tests, Func<TAssert, TaskLeakOptions> options)
        where TAssert : Attribute
        where TAllow : Attribute
    {
        try
        {
            var checkedTest = tests.FirstOrDefault(t => Resolve<TAssert, TAllow>(t.Method, t.TestClass, options, _ => string.Empty).Options is not null);
            if (checkedTest.Method is null)
            {
                return null;
            }

            return Refined<TAssert>([checkedTest.TestClass, checkedTest.TestClass.Assembly], options) ?? new TaskLeakOptions();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary><c>Class.Method</c>, with a theory row's arguments as the framework shows them: <c>Class.Method(delay: 1)</c>.</summary>
    public static string ScopeName(Type testClass, string methodName, string displayName)
    {
        string name = $"{FriendlyName.OwnerName(testClass)}.{methodName}";
        int arguments = displayName.IndexOf('(', StringComparison.Ordinal);
        return arguments >= 0 && displayName.EndsWith(')') ? name + displayName[arguments..] : name;
    }

    /// <summary>The line a test's output gets when it opted out, so a skipped check stays visible.</summary>
    public static string OptOutNote(string reason) => $"TaskLeakAssert: leak check skipped, leaked tasks allowed: {reason}";

    /// <summary>The check for an opt-out attribute's constructor: a reason is required.</summary>
    public static string RequireReason(string reason, string attributeName) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw new ArgumentException(
                $"Say why this test may leave tasks running, for example [{attributeName}(\"waits on a handle that never completes, on purpose\")].",
                nameof(reason))
            : reason;

    private static TaskLeakOptions? Refined<TAssert>(ICustomAttributeProvider[] levels, Func<TAssert, TaskLeakOptions> options)
        where TAssert : Attribute
    {
        TaskLeakOptions? result = null;
        foreach (var level in levels.Reverse())
        {
            if (level.GetCustomAttributes(typeof(TAssert), inherit: true).FirstOrDefault() is TAssert attribute)
            {
                var own = options(attribute);
                if (result is null)
                {
                    result = own;
                }
                else
                {
                    AttributeOptions.Refine(result, own);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Which attributes decide for a test: read by reflection once per test method and class, not once per test run
    /// (reading them was a few percent of a suite of short tests, figure 9 of docs/performance.md), and a class's and
    /// an assembly's own once for all their tests' methods (in a suite of facts, every test is a method of its own).
    /// Kept weakly, so an unloadable test assembly stays unloadable.
    /// </summary>
    private static class Decisions<TAssert, TAllow>
        where TAssert : Attribute
        where TAllow : Attribute
    {
        private static readonly ConditionalWeakTable<MethodInfo, ConcurrentDictionary<Type, Decision<TAssert, TAllow>>> s_byMethod = new();

        public static Decision<TAssert, TAllow> Of(MethodInfo method, Type testClass) =>
            s_byMethod.GetOrCreateValue(method).GetOrAdd(testClass, static (testClass, method) => Read(method, testClass), method);

        // The innermost level that says anything decides; the check's options refine from the assembly inwards. Read
        // lazily, as far as needed: a misconfigured opt-out further out throws only where it would decide.
        private static Decision<TAssert, TAllow> Read(MethodInfo method, Type testClass)
        {
            var levels = new ICustomAttributeProvider[] { method, testClass, testClass.Assembly };
            foreach (var level in levels)
            {
                if (First<TAllow>(level) is { } allow)
                {
                    return new(allow, []);
                }

                if (First<TAssert>(level) is not null)
                {
                    return new(null, [.. levels.Reverse().Select(First<TAssert>).OfType<TAssert>()]);
                }
            }

            return new(null, []);
        }

        // A method is read once (its decision is kept); a class's and an assembly's attributes once for all their methods.
        private static T? First<T>(ICustomAttributeProvider level)
            where T : Attribute =>
            level is MethodInfo ? Read<T>(level) : OfClassOrAssembly<T>.Table.GetValue(level, static l => new StrongBox<T?>(Read<T>(l))).Value;

        // Most levels carry neither attribute: asking first makes no attribute objects.
        private static T? Read<T>(ICustomAttributeProvider level)
            where T : Attribute =>
            level.IsDefined(typeof(T), inherit: true) ? level.GetCustomAttributes(typeof(T), inherit: true).FirstOrDefault() as T : null;

        private static class OfClassOrAssembly<T>
            where T : Attribute
        {
            public static readonly ConditionalWeakTable<ICustomAttributeProvider, StrongBox<T?>> Table = new();
        }
    }

    /// <summary>The opt-out that decides, or the check's attributes from the outermost level in (none: no check).</summary>
    private sealed record Decision<TAssert, TAllow>(TAllow? Allow, TAssert[] Asserts)
        where TAssert : Attribute
        where TAllow : Attribute;
}
