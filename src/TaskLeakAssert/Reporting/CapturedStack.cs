using System.Diagnostics;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// The frames of one stack walk, each made a <see cref="StackFrame"/> only when it is read. A creation site reads a
/// few frames of most stacks (its creator, its user frames) and compares or classifies the rest by method handle
/// (<see cref="FrameTraitsByMethod"/>). Where the runtime's walker cannot be reached, the frames come from a
/// public <see cref="StackTrace"/>, all made at once: slower, the same frames.
/// </summary>
/// <remarks>Shared by the tasks that borrow a site, so read from several threads: a frame made twice is the same frame.</remarks>
internal sealed class CapturedStack
{
    private readonly RawStack? _raw;
    private readonly StackFrame?[] _frames;

    private CapturedStack(RawStack raw)
    {
        _raw = raw;
        _frames = new StackFrame?[raw.Count];
        IsWhole = raw.IsWhole;
    }

    private CapturedStack(StackFrame[] frames)
    {
        _frames = frames;
        IsWhole = true;
    }

    private CapturedStack(RawStack raw, StackFrame?[] madeFrames)
    {
        _raw = raw;
        _frames = madeFrames;
        IsWhole = raw.IsWhole;
    }

    /// <summary>
    /// Walks the stack of the calling thread, starting <paramref name="skipFrames"/> frames below the caller of this
    /// method, as <c>new StackTrace(skipFrames, false)</c> there would. With <paramref name="maxFrames"/> (not 0),
    /// the walk may stop after that many: it costs what it walks, and the top of a stack is where its creator is.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // It skips its own frame: inlined, it would skip its caller's.
    public static CapturedStack OfCaller(int skipFrames, int maxFrames = 0) =>
        RuntimeStackInternals.TryWalk(skipFrames + 1, maxFrames) is { } raw ? new(raw) : new(new StackTrace(skipFrames + 1, fNeedFileInfo: false).GetFrames());

    /// <summary>
    /// Whether these are all the frames of the stack that matter, not only its top: down to its end, or down to a
    /// scope's base, below which only the runner runs tests (<see cref="CutAtScopeBase"/>).
    /// </summary>
    public bool IsWhole { get; }

    /// <summary>
    /// The frames of this walk down to the first <see cref="ScopeBase"/> frame, that one included, taken as whole:
    /// below it is only the machinery that runs tests. Null when no such frame was walked.
    /// </summary>
    public CapturedStack? CutAtScopeBase()
    {
        if (_raw is null)
        {
            return null;
        }

        for (int i = 0; i < _frames.Length; i++)
        {
            if ((TraitsOf(i) & FrameTraits.ScopeBase) != 0)
            {
                return new CapturedStack(_raw with { Count = i + 1, IsWhole = true }, _frames[..(i + 1)]);
            }
        }

        return null;
    }

    public int FrameCount => _frames.Length;

    /// <summary>The frames, innermost first, each made when the enumeration reaches it.</summary>
    public IEnumerable<StackFrame> Frames
    {
        get
        {
            for (int i = 0; i < _frames.Length; i++)
            {
                yield return GetFrame(i);
            }
        }
    }

    public StackFrame GetFrame(int index)
    {
        if (_frames[index] is { } made)
        {
            return made;
        }

        // A frame the runtime can no longer make is a frame without a method: the report shows less, nothing fails.
        var frame = RuntimeStackInternals.FrameOf(_raw!.Helper, _raw.First + index) ?? new StackFrame(fileName: null, lineNumber: 0);
        _frames[index] = frame;
        return frame;
    }

    /// <summary>What <see cref="FrameFilter"/> says about frame <paramref name="index"/>, read by method handle where it can be.</summary>
    public FrameTraits TraitsOf(int index)
    {
        if (_raw is null)
        {
            return FrameTraitsByMethod.Of(GetFrame(index).GetMethod());
        }

        nint handle = _raw.Methods[_raw.First + index];
        if (FrameTraitsByMethod.TryGet(handle, out var traits))
        {
            return traits;
        }

        traits = FrameTraitsByMethod.Of(GetFrame(index).GetMethod());
        FrameTraitsByMethod.Remember(handle, traits);
        return traits;
    }

    /// <summary>
    /// The first index at which this stack and <paramref name="other"/> differ in method or IL offset, counted from
    /// the innermost frame; the shorter stack's length when one is the other's top. By method handle where both
    /// stacks have them (the same handle is the same method), else by the frames' methods.
    /// </summary>
    public int FirstDifference(CapturedStack other)
    {
        int common = Math.Min(FrameCount, other.FrameCount);
        var mine = _raw;
        var theirs = other._raw;
        bool byHandle = mine is not null && theirs is not null && FrameTraitsByMethod.HandlesAreStable;
        for (int i = 0; i < common; i++)
        {
            bool sameByHandle = byHandle
                && mine!.Methods[mine.First + i] == theirs!.Methods[theirs.First + i]
                && mine.ILOffsets[mine.First + i] == theirs.ILOffsets[theirs.First + i];

            // Two handles of one method (two instantiations of generic code) are one method to a StackFrame.
            if (!sameByHandle && !SameFrameAt(i, other))
            {
                return i;
            }
        }

        return common;
    }

    private bool SameFrameAt(int index, CapturedStack other)
    {
        var mine = GetFrame(index);
        var theirs = other.GetFrame(index);
        return mine.GetILOffset() == theirs.GetILOffset() && Equals(mine.GetMethod(), theirs.GetMethod());
    }
}
