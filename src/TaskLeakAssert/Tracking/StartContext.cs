namespace TaskLeakAssert.Tracking;

/// <summary>
/// What the current flow is doing on someone's behalf, for an integration to set (an HTTP request, for the
/// ASP.NET Core package): a task created in the flow records its <see cref="Description"/>, and the report
/// says during what it was started (<c>request GET /orders/{id} (OrderEndpoints.GetOrder)</c>).
/// </summary>
/// <remarks>
/// A context is a mutable object held by an AsyncLocal: the integration can refine it later in the same
/// request (once routing has chosen the endpoint) and every flow that holds it sees the change.
/// </remarks>
internal abstract class StartContext
{
    private static readonly AsyncLocal<StartContext?> s_current = new();

    public static StartContext? Current => s_current.Value;

    public static void Enter(StartContext? context) => s_current.Value = context;

    /// <summary>The phrase a report shows; read on the creating thread at each tracked task's creation, so keep it cheap.</summary>
    public abstract string? Description { get; }

    /// <summary>
    /// Whether work started in this context is the work of whoever asked for it: a request belongs to the scope of
    /// the code that sent it (a test), even when a shared fixture's code (the factory that sends it) is on the stack.
    /// </summary>
    public virtual bool BelongsToTheCaller => false;
}
