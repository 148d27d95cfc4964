using Failback.Lab.Sessions;

namespace Failback.Lab.Journal;

/// <summary>What a journal entry records.</summary>
public enum LabEntryKind
{
    /// <summary>A step of the drill language (<see cref="LabEntry.Body"/> is its JSON).</summary>
    Step,
    /// <summary>A fault rule, with its <c>at</c> resolved to the virtual time it is armed (<see cref="LabEntry.Body"/> is its JSON).</summary>
    Fault,
    /// <summary>Virtual time reached <see cref="LabEntry.At"/> (a paced lab's progress, or an instructor's advance).</summary>
    Advance,
    Pause,
    Resume,
    /// <summary>The pace changed (<see cref="LabEntry.Body"/>: the speed, 0 for manual).</summary>
    Speed,
}

/// <summary>One journal entry: its order, the lab's virtual time (since the world was ready), who and what.</summary>
public sealed record LabEntry(long Seq, TimeSpan At, LabEntryKind Kind, LabRole Role, string Body);
