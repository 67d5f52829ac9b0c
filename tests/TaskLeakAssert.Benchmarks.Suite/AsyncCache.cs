using System.Collections.Concurrent;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>A read-through cache whose values come from an async factory, as a hybrid cache's tests exercise it.</summary>
public sealed class AsyncCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    public Task<TValue> GetOrCreateAsync(TKey key, Func<TKey, Task<TValue>> factory) =>
        _entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => factory(k))).Value;

    public void Remove(TKey key) => _entries.TryRemove(key, out _);
}
