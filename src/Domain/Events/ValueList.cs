using System.Collections;

namespace EsCni.Domain.Events;

/// <summary>An immutable list with value equality, so events that carry lists still compare by content.</summary>
/// <remarks>Records compare collection members by reference; round-trip and rebuild tests need content equality.</remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    /// <summary>Copies the items.</summary>
    public ValueList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
    }

    /// <summary>The empty list.</summary>
    public static ValueList<T> Empty { get; } = new(Array.Empty<T>());

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <summary>Wraps an array (copied).</summary>
    public static implicit operator ValueList<T>(T[] items) => new(items);

    /// <summary>Wraps an array (copied).</summary>
    public static ValueList<T> FromArray(T[] items) => new(items);

    /// <summary>The items as a span, for allocation-free loops.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (T item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Comma-separated items, for messages.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
