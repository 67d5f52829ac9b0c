using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Where a task was created: the stack captured at its creation event, reduced to the user's frames.
/// Formatting is lazy: only the sites of leaked tasks are ever turned into text.
/// </summary>
internal sealed class CreationSite
{
    // Shown frames: the innermost (what created the task) and the outermost (the test or service method that
    // started it); the middle is folded into one line.
    private const int InnerFrames = 4;
    private const int OuterFrames = 2;

    private readonly CapturedStack _trace;
    private IReadOnlyList<StackFrame>? _userFrames;
    private string? _text;

    private readonly bool _armsTimer;

    private CreationSite(CapturedStack trace, bool isShared = false, bool armsTimer = false)
    {
        _trace = trace;
        IsShared = isShared;
        _armsTimer = armsTimer;
    }

    /// <summary>
    /// A site lent to a task created after the scope stopped capturing sites for its name one by one: the
    /// task may have been created elsewhere. The report says so.
    /// </summary>
    public bool IsShared { get; }

    /// <summary>This site, lent to later tasks of the same name.</summary>
    public CreationSite Shared() => new(_trace, isShared: true, _armsTimer) { _userFrames = _userFrames, _text = _text };

    /// <summary>
    /// Walks the current stack, without file information: reading symbols here cost every task creation dearly; the
    /// frames a report shows are located when it is written (<see cref="SourceLines"/>). A frame is made a
    /// <see cref="StackFrame"/> only when read (<see cref="CapturedStack"/>): most sites read a few.
    /// </summary>
    /// <remarks>
    /// The walk is what a site costs; one walk serves both <see cref="FindCreator"/> and <see cref="Of"/>. Where a
    /// scope's base may be on the stack (<see cref="ScopeBase"/>), its top 32 frames are walked first, then 72, and a
    /// walk that reached a base ends there: only the stacks that did not are walked again, whole.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // It skips its own frame: inlined, it would skip its caller's.
    public static CapturedStack Walk()
    {
        if (ScopeBase.MayBeOnStack)
        {
            foreach (int depth in s_scopeBaseSearches)
            {
                var top = CapturedStack.OfCaller(1, depth);
                if (top.IsWhole)
                {
                    return top;
                }

                if (top.CutAtScopeBase() is { } cut)
                {
                    return cut;
                }
            }
        }

        return CapturedStack.OfCaller(1);
    }

    // The top frames walked in turn for a scope's base: a runner's call of the test method is near (about 20 frames
    // down in figure 9's suite), an adapter's scope further (48 to 63).
    private static readonly int[] s_scopeBaseSearches = [CreatorSearchDepth, ScopeBaseSearchDepth];

    /// <summary>
    /// How many frames <see cref="Walk"/> looks through for a scope's base before it walks the whole stack: in figure
    /// 9's xunit v3 suite the adapter's <see cref="TaskLeakScope.RunInScopeAsync{T}"/> was 48 to 63 frames down from a
    /// test body's task creations.
    /// </summary>
    public const int ScopeBaseSearchDepth = 72;

    /// <summary>
    /// Walks the top of the current stack, enough to find the creator of a task with a generic name
    /// (<see cref="FindCreator"/>), as <see cref="Walk"/> would from the same caller: most such tasks borrow a site
    /// kept under their creator, and the rest of a test runner's deep stack is not walked for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // It skips its own frame: inlined, it would skip its caller's.
    public static CapturedStack WalkTop() => CapturedStack.OfCaller(1, CreatorSearchDepth);

    /// <summary>How many frames <see cref="WalkTop"/> walks: the runtime's and TaskLeakAssert's above a creator are about ten.</summary>
    public const int CreatorSearchDepth = 32;

    /// <summary>
    /// The site of a walked stack. A timer's arming event is raised inside the runtime's timer, whose frames on top
    /// are not a resumer's (as they are below a timer's callback): the user's frames under them are the site.
    /// </summary>
    public static CreationSite Of(CapturedStack trace, bool armsTimer) => new(trace, armsTimer: armsTimer);

    /// <summary>
    /// The method that asked the runtime for a task with a generic name (Task.Delay, WhenAll…): the first
    /// frame outside the runtime and TaskLeakAssert.
    /// </summary>
    public static MethodBase? FindCreator(CapturedStack trace)
    {
        for (int i = 0; i < trace.FrameCount; i++)
        {
            var traits = trace.TraitsOf(i);
            if ((traits & FrameTraits.HasType) != 0 && (traits & FrameTraits.RuntimeOrSelf) == 0)
            {
                return trace.GetFrame(i).GetMethod();
            }
        }

        return null;
    }

    /// <summary>Whether any user code was on the stack: a task created only by framework code is framework machinery.</summary>
    public bool HasUserFrames => UserFrames.Count > 0;

    public IReadOnlyList<StackFrame> UserFrames => _userFrames ??= SelectUserFrames(_trace, _armsTimer);

    /// <summary>
    /// Whether both stacks are the same (method and IL offset of each frame) down to where their code was resumed:
    /// tasks created at the same place. Compares the captured frames as they are, without selecting the user's
    /// (which reads attributes): this runs for every site captured.
    /// </summary>
    public bool SamePlaceAs(CreationSite other)
    {
        int same = _trace.FirstDifference(other._trace);
        if (same == _trace.FrameCount && same == other._trace.FrameCount)
        {
            return true;
        }

        // Like SelectUserFrames: a timer's site starts inside the runtime's timer, whose frames are no resumer's.
        bool leading = _armsTimer;
        for (int i = 0; i < same; i++)
        {
            var traits = _trace.TraitsOf(i);
            leading = leading && (traits & FrameTraits.RuntimeOrSelf) != 0;
            if (!leading && (traits & FrameTraits.ContinuationBoundary) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a frame of this site is code of a collectible assembly (which keeping the site would keep loaded).</summary>
    public bool HoldsCollectibleCode => !FrameTraitsByMethod.HandlesAreStable
        && Enumerable.Range(0, _trace.FrameCount).Any(i => (_trace.TraitsOf(i) & FrameTraits.Collectible) != 0);

    /// <summary>
    /// Whether the stack is a test runner's own work: every frame is the runtime's, TaskLeakAssert's or a test
    /// framework's runner's (not its assertions), and at least one is the runner's. A frame whose method cannot be
    /// read (generated code) may be anyone's: then it is not.
    /// </summary>
    public bool IsTheRunnersOwn
    {
        get
        {
            bool runner = false;
            for (int i = 0; i < _trace.FrameCount; i++)
            {
                var traits = _trace.TraitsOf(i);
                if ((traits & FrameTraits.RunnerOrBelow) == 0)
                {
                    return false;
                }

                runner |= (traits & FrameTraits.RuntimeOrSelf) == 0;
            }

            return runner;
        }
    }

    /// <summary>The first user frame's method: the code that created the task.</summary>
    public FriendlyName? Creator => UserFrames.Count > 0 && UserFrames[0].GetMethod() is { } m ? FriendlyName.ForMethod(m) : null;

    /// <summary>
    /// The async method this stack resumed, when the stack stops there: its outermost user frame is that
    /// method's MoveNext, run by the runtime's box after an await. Its callers are no longer on the stack;
    /// <see cref="Tracking.LogicalCallers"/> finds them through the task that method made at its first await.
    /// </summary>
    public Type? ResumedStateMachine()
    {
        int outermostUser = -1;
        for (int i = 0; i < _trace.FrameCount; i++)
        {
            var traits = _trace.TraitsOf(i);
            if ((traits & FrameTraits.ContinuationBoundary) != 0)
            {
                return outermostUser >= 0
                    && _trace.GetFrame(i).GetMethod()!.DeclaringType!.Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal)
                    && _trace.GetFrame(outermostUser).GetMethod() is { Name: "MoveNext", DeclaringType: { } type } && typeof(IAsyncStateMachine).IsAssignableFrom(type)
                    ? type
                    : null;
            }

            if ((traits & FrameTraits.UserCode) != 0)
            {
                outermostUser = i;
            }
        }

        return null;
    }

    /// <summary>The user types on the creation path, innermost first (closure and state machine classes resolved to their declaring type).</summary>
    public IEnumerable<Type> UserTypes =>
        UserFrames.Select(f => FriendlyName.UserType(f.GetMethod()?.DeclaringType)).OfType<Type>();

    /// <summary>The user type that declares the state machine of this name, read off the MoveNext frame that created it.</summary>
    public Type? FindStateMachineType(string stateMachineName)
    {
        foreach (var frame in _trace.Frames)
        {
            if (frame.GetMethod() is { Name: "MoveNext", DeclaringType: { } type } && type.Name == stateMachineName)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// One line per user frame: <c>Worker.Start in /src/Worker.cs:12</c>. Frames without a location (an async
    /// <c>Main</c> stub, a compiler thunk, a library without symbols) are left out when other frames have one:
    /// they add a name and no place.
    /// </summary>
    public string Text => _text ??= string.Join(Environment.NewLine, Folded(Located(UserFrames).ToList()));

    /// <summary>
    /// For the site of an async method's own task (made at its first await): its callers, without the method's
    /// own frame. This is what a stack captured after that await no longer shows. Empty when it has none.
    /// </summary>
    public string CallersText
    {
        get
        {
            var frames = Located(UserFrames).ToList();
            if (frames.Count > 0 && frames[0].GetMethod() is { Name: "MoveNext" })
            {
                frames.RemoveAt(0);
            }

            return string.Join(Environment.NewLine, Folded(frames));
        }
    }

    private static IEnumerable<string> Folded(List<StackFrame> frames)
    {
        if (frames.Count <= InnerFrames + OuterFrames + 1)
        {
            return frames.Select(FormatFrame);
        }

        var middle = frames.Skip(InnerFrames).Take(frames.Count - InnerFrames - OuterFrames).ToList();
        var assemblies = middle.Select(f => f.GetMethod()?.DeclaringType?.Assembly.GetName().Name).OfType<string>().Distinct().ToList();
        string where = assemblies.Count switch
        {
            0 => string.Empty,
            1 => $" in {assemblies[0]}",
            2 => $" in {assemblies[0]} and {assemblies[1]}",
            _ => $" in {assemblies[0]} and {assemblies.Count - 1} more assemblies",
        };
        return frames.Take(InnerFrames).Select(FormatFrame)
            .Append($"… {middle.Count} frames{where} …")
            .Concat(frames.Skip(frames.Count - OuterFrames).Select(FormatFrame));
    }

    // A frame without a location is left out when others have one and it has nothing to say: a compiler stub
    // (the async Main entry point) or code of an assembly without symbols. A frame of an assembly whose other
    // frames have locations stays: optimized code can lose the line of one call, and the method still matters.
    private static IEnumerable<StackFrame> Located(IReadOnlyList<StackFrame> frames)
    {
        var withSymbols = frames.Where(f => SourceLines.Of(f) is not null).Select(f => f.GetMethod()?.Module).ToHashSet();
        return withSymbols.Count == 0
            ? frames
            : frames.Where(f => SourceLines.Of(f) is not null || (f.GetMethod() is { Name: not ("<Main>" or "<Main>$") } m && withSymbols.Contains(m.Module)));
    }

    private static string FormatFrame(StackFrame frame)
    {
        string method = FriendlyName.ForMethod(frame.GetMethod()!).ToString();
        return SourceLines.Of(frame) is not { } location ? method
            : CatchBlock.LineOf(frame) is int catchLine ? $"{method} in {location.File}:{catchLine} (its catch block)"
            : $"{method} in {location.File}:{location.Line}";
    }

    private static List<StackFrame> SelectUserFrames(CapturedStack trace, bool armsTimer)
    {
        var frames = new List<StackFrame>();
        MethodBase? previous = null;
        bool leading = armsTimer;
        for (int i = 0; i < trace.FrameCount; i++)
        {
            var traits = trace.TraitsOf(i);
            leading = leading && (traits & FrameTraits.RuntimeOrSelf) != 0;
            if (!leading && (traits & FrameTraits.ContinuationBoundary) != 0)
            {
                // Below this frame is whoever resumed the code above, not who called it.
                break;
            }

            if ((traits & FrameTraits.UserCode) == 0)
            {
                continue;
            }

            var frame = trace.GetFrame(i);
            var method = frame.GetMethod();

            // An async method shows twice: its MoveNext (with the line of the await) and the stub that
            // started it. Keep the first.
            if (previous is { Name: "MoveNext" } && method!.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType == previous.DeclaringType)
            {
                continue;
            }

            frames.Add(frame);
            previous = method;
        }

        return frames;
    }
}
