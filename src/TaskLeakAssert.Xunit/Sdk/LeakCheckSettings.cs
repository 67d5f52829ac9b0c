using System.Reflection;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// What the attributes on a test's method, class and assembly ask for: a leak check with which options,
/// or none, and the reason when a test opted out.
/// </summary>
internal sealed record LeakCheckSettings(TaskLeakOptions? Options, string? AllowedBecause)
{
    private static readonly LeakCheckSettings None = new(null, null);

    /// <summary>The innermost level that says anything decides; options refine from the assembly inwards.</summary>
    public static LeakCheckSettings For(MethodInfo method, Type testClass)
    {
        var levels = new ICustomAttributeProvider[] { method, testClass, testClass.Assembly };
        foreach (var level in levels)
        {
            if (level.GetCustomAttributes(typeof(AllowLeakedTasksAttribute), inherit: true).FirstOrDefault() is AllowLeakedTasksAttribute allow)
            {
                return new LeakCheckSettings(null, allow.Reason);
            }

            if (level.IsDefined(typeof(AssertNoLeakedTasksAttribute), inherit: true))
            {
                return new LeakCheckSettings(OptionsFrom(levels), null);
            }
        }

        return None;
    }

    /// <summary>Under this framework the runner owns the scope; the attribute's own Before/After hooks must not run too.</summary>
    public static List<BeforeAfterTestAttribute> WithoutOwnHooks(List<BeforeAfterTestAttribute> attributes)
    {
        attributes.RemoveAll(a => a is AssertNoLeakedTasksAttribute);
        return attributes;
    }

    private static TaskLeakOptions? OptionsFrom(ICustomAttributeProvider[] levels)
    {
        TaskLeakOptions? options = null;
        foreach (var level in levels.Reverse())
        {
            if (level.GetCustomAttributes(typeof(AssertNoLeakedTasksAttribute), inherit: true).FirstOrDefault() is AssertNoLeakedTasksAttribute attribute)
            {
                var own = attribute.CreateOptions();
                if (options is null)
                {
                    options = own;
                }
                else
                {
                    AttributeOptions.Refine(options, own);
                }
            }
        }

        return options;
    }
}
