namespace Failback.Simulators.Kernel;

/// <summary>
/// The clock's queue of armed timers: a 4-ary min-heap ordered by due time, then arming order.
/// Written out rather than a <see cref="PriorityQueue{TElement, TPriority}"/> because the kernel's
/// hot loop is one replace of the top per event: with the key and the timer in one struct and the
/// comparison inlined, each level of the sift reads one cache line of entries and chases no pointer.
/// </summary>
internal sealed class TimerHeap
{
    private const int Arity = 4;
    private Entry[] _entries = new Entry[16];

    public int Count { get; private set; }

    public ref readonly Entry Top => ref _entries[0];

    public void Enqueue(in Entry entry)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        MoveUp(entry, Count++);
    }

    public void RemoveTop()
    {
        var last = _entries[--Count];
        _entries[Count] = default; // let the timer be collected
        if (Count > 0) MoveDown(last, 0);
    }

    /// <summary>Removes the top and adds <paramref name="entry"/> in one sift (its key is no earlier than the top's).</summary>
    public void ReplaceTop(in Entry entry) => MoveDown(entry, 0);

    private void MoveUp(Entry entry, int index)
    {
        var entries = _entries;
        while (index > 0)
        {
            var parent = (index - 1) / Arity;
            if (!entry.Before(entries[parent])) break;
            entries[index] = entries[parent];
            index = parent;
        }
        entries[index] = entry;
    }

    private void MoveDown(Entry entry, int index)
    {
        var entries = _entries;
        var count = Count;
        int first;
        while ((first = index * Arity + 1) < count)
        {
            var least = first;
            var end = Math.Min(first + Arity, count);
            for (var child = first + 1; child < end; child++)
                if (entries[child].Before(entries[least])) least = child;
            if (!entries[least].Before(entry)) break;
            entries[index] = entries[least];
            index = least;
        }
        entries[index] = entry;
    }

    /// <summary>A queued timer: its due time in ticks and the sequence it was armed with (stale once the timer changes).</summary>
    internal readonly struct Entry(long due, long sequence, VirtualTimer timer)
    {
        public readonly long Due = due;
        public readonly long Sequence = sequence;
        public readonly VirtualTimer Timer = timer;

        public bool Before(in Entry other) => Due < other.Due || (Due == other.Due && Sequence < other.Sequence);
    }
}
