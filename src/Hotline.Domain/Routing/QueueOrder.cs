using System.Collections;

namespace Hotline.Routing;

/// <summary>
/// The waiting entries in the queue's order: the sets of each urgency, most urgent first, each in
/// arrival order. A struct walking the sets' own enumerators, so the dispatcher's passes over
/// every entry (matching, the tick's escalation pass) pay no interface call per entry.
/// </summary>
public readonly struct QueueOrder(SortedSet<QueueEntry>[] byUrgency) : IEnumerable<QueueEntry>
{
    public Enumerator GetEnumerator() => new(byUrgency);

    IEnumerator<QueueEntry> IEnumerable<QueueEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(SortedSet<QueueEntry>[] byUrgency) : IEnumerator<QueueEntry>
    {
        private int _level = byUrgency.Length;
        private SortedSet<QueueEntry>.Enumerator _set;
        private bool _inSet;

        public readonly QueueEntry Current => _set.Current;

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (true)
            {
                if (_inSet && _set.MoveNext())
                {
                    return true;
                }

                // An empty urgency costs no enumerator (each allocates its own stack).
                do
                {
                    if (--_level < 0)
                    {
                        _inSet = false;
                        return false;
                    }
                }
                while (byUrgency[_level].Count == 0);

                _set = byUrgency[_level].GetEnumerator();
                _inSet = true;
            }
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
