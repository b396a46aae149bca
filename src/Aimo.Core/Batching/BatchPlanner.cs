using Aimo.Core.Signatures;

namespace Aimo.Core.Batching;

/// <summary>
/// The design document's <c>create_batches</c>: greedy and order-preserving. A signature that would
/// take the current batch past <see cref="BatchLimits.MaxSignatures"/> or <see cref="BatchLimits.MaxSampleChars"/>
/// starts a new batch; a single signature over the char limit therefore forms a batch of its own. No empty batches.
/// </summary>
public static class BatchPlanner
{
    /// <summary>Plans batches of formatted signatures, measured by <see cref="FormattedSignature.SampleChars"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<FormattedSignature>> Plan(
        IReadOnlyList<FormattedSignature> signatures, BatchLimits? limits = null) =>
        Plan(signatures, static s => s.SampleChars, limits ?? BatchLimits.Default);

    /// <summary>Plans batches of any item measured by <paramref name="sampleChars"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Plan<T>(IReadOnlyList<T> items, Func<T, int> sampleChars, BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sampleChars);
        var ranges = PlanRanges(items, sampleChars, limits);
        var batches = new IReadOnlyList<T>[ranges.Count];
        for (var b = 0; b < ranges.Count; b++)
        {
            var (start, length) = ranges[b];
            var batch = new T[length];
            for (var i = 0; i < length; i++)
            {
                batch[i] = items[start + i];
            }
            batches[b] = batch;
        }
        return batches;
    }

    /// <summary>The same plan as (start index, count) pairs, without copying items.</summary>
    public static IReadOnlyList<(int Start, int Count)> PlanRanges<T>(IReadOnlyList<T> items, Func<T, int> sampleChars, BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sampleChars);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSignatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSampleChars, 1);

        var ranges = new List<(int, int)>(items.Count / Math.Max(1, limits.MaxSignatures) + 1);
        int start = 0, count = 0;
        long chars = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var n = sampleChars(items[i]);
            if (n < 0)
            {
                throw new ArgumentException($"Item {i} has negative sample chars ({n}).", nameof(items));
            }
            if (count > 0 && (count + 1 > limits.MaxSignatures || chars + n > limits.MaxSampleChars))
            {
                ranges.Add((start, count));
                start = i;
                count = 0;
                chars = 0;
            }
            count++;
            chars += n;
        }
        if (count > 0)
        {
            ranges.Add((start, count));
        }
        return ranges;
    }
}
