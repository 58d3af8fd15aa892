using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Hotline.Domain;

/// <summary>
/// What one live reader has not read yet, at most <see cref="Bound"/> items. A reader that falls
/// further behind loses what it had not read, keeps nothing more while it is behind, and is
/// given a fresh picture when it reads again (<see cref="TryRead"/>), so a reader that never
/// reads costs a bounded amount of memory and one that comes back is correct again rather
/// than silently short of events.
/// </summary>
public sealed class StreamBacklog<T> where T : class
{
    // Null is the marker of a reader that fell behind: it wakes the reader, who then asks for the picture.
    private readonly Channel<T?> _items = System.Threading.Channels.Channel.CreateUnbounded<T?>();
    private readonly Lock _lock = new();
    private bool _behind;

    public StreamBacklog(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        Bound = bound;
    }

    /// <summary>The most items kept for the reader.</summary>
    public int Bound { get; }

    /// <summary>Items waiting to be read (one, the marker, for a reader that fell behind).</summary>
    public int Buffered => _items.Reader.Count;

    /// <summary>How many times the reader fell behind and was sent a fresh picture (or will be).</summary>
    public int Overflows { get; private set; }

    /// <summary>Keeps <paramref name="item"/> for the reader; one past the bound drops everything unread instead.</summary>
    public void Write(T item)
    {
        lock (_lock)
        {
            if (_behind)
            {
                return;
            }

            if (_items.Reader.Count < Bound)
            {
                _items.Writer.TryWrite(item);
                return;
            }

            _behind = true;
            Overflows++;
            while (_items.Reader.TryRead(out _))
            {
            }

            _items.Writer.TryWrite(null);
        }
    }

    /// <summary>Waits until there is something to read; false once completed and read out.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// The next item. A reader that fell behind gets the first item of <paramref name="picture"/>,
    /// made now, then the rest of it, then what is written after.
    /// </summary>
    public bool TryRead(Func<IReadOnlyList<T>> picture, [MaybeNullWhen(false)] out T item)
    {
        lock (_lock)
        {
            if (!_items.Reader.TryRead(out var next))
            {
                item = null;
                return false;
            }

            if (next is not null)
            {
                item = next;
                return true;
            }

            // Nothing was kept while behind, so the picture goes out first and what follows is newer.
            _behind = false;
            var fresh = picture();
            if (fresh.Count == 0)
            {
                item = null;
                return false;
            }

            foreach (var e in fresh.Skip(1))
            {
                _items.Writer.TryWrite(e);
            }

            item = fresh[0];
            return true;
        }
    }

    /// <summary>No more items: the reader finishes what is left, then stops.</summary>
    public void Complete(Exception? error = null) => _items.Writer.TryComplete(error);
}
