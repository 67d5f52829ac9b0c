namespace TaskLeakAssert;

/// <summary>
/// Turns the properties of an adapter's <c>[AssertNoLeakedTasks]</c> attribute into options, with errors
/// that say how to write the attribute right. One place for every test framework's attribute.
/// </summary>
internal static class AttributeOptions
{
    public const int DefaultTimeoutMilliseconds = 5000;

    public static TaskLeakOptions Create(int timeoutMilliseconds, bool failOnFaultedTasks, string[]? ignoredMethods, Type? ignoreRule)
    {
        if (timeoutMilliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeoutMilliseconds),
                timeoutMilliseconds,
                "TimeoutMilliseconds must be positive; write for example [AssertNoLeakedTasks(TimeoutMilliseconds = 5000)].");
        }

        var options = new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds), FailOnFaultedTasks = failOnFaultedTasks };
        foreach (string method in ignoredMethods ?? [])
        {
            options.IgnoredMethods.Add(method);
        }

        if (ignoreRule is not null)
        {
            options.IgnoreWhen.Add(CreateRule(ignoreRule).ShouldIgnore);
        }

        return options;
    }

    /// <summary>
    /// When the attribute sits on several levels (class and method, or assembly, fixture and method), the
    /// outer one opens the scope and each inner one refines its settings: the innermost settings apply.
    /// </summary>
    public static void Refine(TaskLeakOptions open, TaskLeakOptions inner)
    {
        open.Timeout = inner.Timeout;
        open.FailOnFaultedTasks = inner.FailOnFaultedTasks;
        foreach (string method in inner.IgnoredMethods)
        {
            open.IgnoredMethods.Add(method);
        }

        foreach (var rule in inner.IgnoreWhen)
        {
            open.IgnoreWhen.Add(rule);
        }
    }

    private static ILeakIgnoreRule CreateRule(Type type)
    {
        if (!typeof(ILeakIgnoreRule).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException(
                $"IgnoreRule must name a class that implements TaskLeakAssert.ILeakIgnoreRule and has a public parameterless constructor; {type.FullName} does not.",
                nameof(type));
        }

        return (ILeakIgnoreRule)Activator.CreateInstance(type)!;
    }
}
