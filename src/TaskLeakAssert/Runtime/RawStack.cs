namespace TaskLeakAssert.Runtime;

/// <summary>
/// A walked stack as the runtime's <c>StackFrameHelper</c> holds it (<see cref="RuntimeStackInternals"/>): the method
/// handle and IL offset of each frame, frames <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1
/// being the walker's caller's and below; <see cref="IsWhole"/> is false when the walk stopped before the stack's end.
/// </summary>
internal sealed record RawStack(object Helper, nint[] Methods, int[] ILOffsets, int First, int Count, bool IsWhole);
