using System.Diagnostics.Tracing;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// The bound of figures 8 and 9: the least any design that keeps a record per task on the runtime's task events
/// does, with nothing of a report. At each creation it reads the scope (an AsyncLocal) and, inside one, keeps a
/// record of the task by id in a map with a lock per stripe; at each end it drops that record. No creation site,
/// no parent, no opener, no fixture, no verdict. The library does all of this and then what its report needs.
/// </summary>
/// <remarks>Shared with tests/TaskLeakAssert.Benchmarks.Suite, whose Bare variant runs it for the whole process.</remarks>
public sealed class BareRecordListener : LibraryEventsListener
{
    private const int Buckets = 4096;
    private const int Stripes = 64;
    private const byte Unknown = 0;
    private const byte Created = 1;
    private const byte Ended = 2;
    private const byte Other = 3;

    private static readonly AsyncLocal<object?> s_scope = new();
    private static readonly Record?[] s_buckets = new Record?[Buckets];
    private static readonly object[] s_stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new object())];
    private static readonly byte[] s_kinds = new byte[64];
    private static long s_recorded;
    private static long s_live;

    /// <summary>The scope of the current flow: a task created where it is set gets a record.</summary>
    public static object? Scope
    {
        get => s_scope.Value;
        set => s_scope.Value = value;
    }

    /// <summary>How many tasks got a record since the process started.</summary>
    public static long Recorded => Interlocked.Read(ref s_recorded);

    /// <summary>How many records are kept now: tasks created in a scope that have not ended.</summary>
    public static long Live => Interlocked.Read(ref s_live);

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload;
        if (payload is null || payload.Count < 2 || payload[0] is not int id)
        {
            return;
        }

        byte kind = KindOf(eventData);
        int bucket = (int)((uint)id % Buckets);
        if (kind == Created && s_scope.Value is { } scope)
        {
            var record = new Record(id, scope, payload[1] as string);
            lock (s_stripes[bucket % Stripes])
            {
                record.Next = s_buckets[bucket];
                s_buckets[bucket] = record;
            }

            Interlocked.Increment(ref s_recorded);
            Interlocked.Increment(ref s_live);
        }
        else if (kind == Ended && Remove(bucket, id))
        {
            Interlocked.Decrement(ref s_live);
        }
    }

    private static bool Remove(int bucket, int id)
    {
        lock (s_stripes[bucket % Stripes])
        {
            Record? previous = null;
            for (var record = s_buckets[bucket]; record is not null; previous = record, record = record.Next)
            {
                if (record.Id != id)
                {
                    continue;
                }

                if (previous is null)
                {
                    s_buckets[bucket] = record.Next;
                }
                else
                {
                    previous.Next = record.Next;
                }

                return true;
            }
        }

        return false;
    }

    // Learned from the event's name once per id, as the library does, so no string is compared per event.
    private static byte KindOf(EventWrittenEventArgs eventData)
    {
        int id = eventData.EventId;
        if ((uint)id < (uint)s_kinds.Length && s_kinds[id] != Unknown)
        {
            return s_kinds[id];
        }

        byte kind = eventData.EventName switch
        {
            "TraceOperationBegin" => Created,
            "TraceOperationEnd" => Ended,
            _ => Other,
        };
        if ((uint)id < (uint)s_kinds.Length)
        {
            s_kinds[id] = kind;
        }

        return kind;
    }

    private sealed class Record(int id, object scope, string? operationName)
    {
        public int Id { get; } = id;

        public object Scope { get; } = scope;

        public string? OperationName { get; } = operationName;

        public Record? Next { get; set; }
    }
}
