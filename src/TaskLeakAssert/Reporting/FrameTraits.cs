namespace TaskLeakAssert.Reporting;

/// <summary>What <see cref="FrameFilter"/> says about a frame's method, in one value (<see cref="FrameTraitsByMethod"/>).</summary>
[Flags]
internal enum FrameTraits : byte
{
    None = 0,

    /// <summary>The method has a declaring type (a dynamic method has none).</summary>
    HasType = 1,

    /// <summary><see cref="FrameFilter.IsContinuationBoundary"/>.</summary>
    ContinuationBoundary = 2,

    /// <summary><see cref="FrameFilter.IsRuntimeOrSelf"/> of the declaring type.</summary>
    RuntimeOrSelf = 4,

    /// <summary><see cref="FrameFilter.IsRunnerOrBelow"/> of the declaring type.</summary>
    RunnerOrBelow = 8,

    /// <summary><see cref="FrameFilter.IsUserCode"/>.</summary>
    UserCode = 16,

    /// <summary>The method's assembly is collectible.</summary>
    Collectible = 32,

    /// <summary><see cref="ScopeBase.IsBase"/>: below it, only the machinery that runs tests.</summary>
    ScopeBase = 64,
}
