using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Runtime;

/// <summary>
/// A stack walk that does not turn every frame into a <see cref="StackFrame"/>. <c>new StackTrace()</c> resolves the
/// method of each frame as it walks, which on a test runner's stacks (xunit v3 starts a test body under about 190
/// frames) costs more than the walk itself; a creation site reads a few frames of most stacks and only compares the
/// rest (figure 9 of docs/performance.md).
/// </summary>
/// <remarks>
/// What it uses, all in System.Private.CoreLib (checked against .NET 10): the <c>StackFrameHelper</c> that
/// <c>StackTrace</c> fills (its constructor, <c>InitializeSourceInfo</c>, <c>GetNumberOfFrames</c>, its
/// <c>rgMethodHandle</c> and <c>rgiILOffset</c> arrays, and <c>iFrameCount</c>, which the runtime's walker reads
/// as the number of frames asked for: 0 for all) and <c>StackFrame</c>'s constructor over it, which makes the
/// very frame <c>StackTrace</c> would. When any of it is missing, <see cref="TryWalk"/> answers null for good and
/// walks are public <see cref="StackTrace"/>s again: slower, the same sites.
/// </remarks>
internal static class RuntimeStackInternals
{
    private const string HelperType = "System.Diagnostics.StackFrameHelper, System.Private.CoreLib";

    // How far down from the helper's first frame this method's own frame may be: the helper's and the accessor's
    // frames sit above it.
    private const int OwnFrameSearchDepth = 8;

    private static readonly nint s_ownHandle = typeof(RuntimeStackInternals).GetMethod(nameof(TryWalk), [typeof(int), typeof(int)])!.MethodHandle.Value;
    private static volatile bool s_missing;

    /// <summary>
    /// Walks the stack of the calling thread, starting <paramref name="skipFrames"/> frames below the caller of this
    /// method (0: the caller's frame first, as <c>new StackTrace(0)</c> there would), and stopping after about
    /// <paramref name="maxFrames"/> of them when that is not 0 (<see cref="RawStack.IsWhole"/> says whether it
    /// stopped early). Null when the internals are missing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // Its own frame marks where the caller's frames begin.
    public static RawStack? TryWalk(int skipFrames, int maxFrames)
    {
        if (s_missing || RuntimeTaskInternals.SimulateMissingInternals)
        {
            return null;
        }

        try
        {
            object helper = NewHelper();

            // The frames asked for count from the walker's own, above this method's.
            int asked = maxFrames == 0 ? 0 : OwnFrameSearchDepth + skipFrames + maxFrames;
            FramesAskedFor(helper) = asked;
            InitializeSourceInfo(helper, needFileInfo: false, exception: null);
            int count = NumberOfFrames(helper);
            if (MethodHandles(helper) is not { } methods || ILOffsets(helper) is not { } ilOffsets
                || methods.Length < count || ilOffsets.Length < count)
            {
                s_missing = true;
                return null;
            }

            for (int i = 0; i < count && i < OwnFrameSearchDepth; i++)
            {
                if (methods[i] == s_ownHandle)
                {
                    int first = Math.Min(i + 1 + skipFrames, count);

                    // A walker that ignored the number asked for walked the whole stack; one that stopped exactly
                    // there may have had more below, so the stack is taken as cut.
                    return new RawStack(helper, methods, ilOffsets, first, count - first, IsWhole: asked == 0 || count < asked);
                }
            }

            // This method's own frame is not where it should be: the helper no longer walks as it did.
            s_missing = true;
            return null;
        }
        catch (Exception e) when (e is MissingMemberException or MemberAccessException or TypeLoadException or InvalidCastException)
        {
            s_missing = true;
            return null;
        }
    }

    /// <summary>The frame <c>StackTrace</c> would have made for frame <paramref name="index"/> of the helper; null when the internals went missing.</summary>
    public static StackFrame? FrameOf(object helper, int index)
    {
        try
        {
            return NewFrame(helper, index, needFileInfo: false);
        }
        catch (Exception e) when (e is MissingMemberException or MemberAccessException or TypeLoadException or InvalidCastException)
        {
            s_missing = true;
            return null;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(HelperType)]
    private static extern object NewHelper();

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "InitializeSourceInfo")]
    private static extern void InitializeSourceInfo([UnsafeAccessorType(HelperType)] object helper, bool needFileInfo, Exception? exception);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "GetNumberOfFrames")]
    private static extern int NumberOfFrames([UnsafeAccessorType(HelperType)] object helper);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "iFrameCount")]
    private static extern ref int FramesAskedFor([UnsafeAccessorType(HelperType)] object helper);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "rgMethodHandle")]
    private static extern ref nint[]? MethodHandles([UnsafeAccessorType(HelperType)] object helper);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "rgiILOffset")]
    private static extern ref int[]? ILOffsets([UnsafeAccessorType(HelperType)] object helper);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern StackFrame NewFrame([UnsafeAccessorType(HelperType)] object helper, int skipFrames, bool needFileInfo);
}
