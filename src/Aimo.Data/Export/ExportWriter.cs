using System.Runtime.CompilerServices;
using Aimo.Data.Entities;
using Aimo.Data.Queries.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Export;

/// <summary>
/// Streams an export to a stream (the HTTP response) page by page. Each page is one short query, keyset-paged on a
/// unique order, so memory holds one page however large the export, and the retrying execution strategy (which buffers
/// a whole query's result) only ever buffers a page. A row committed while an export runs may or may not be in it;
/// none appears twice.
/// </summary>
public sealed class ExportWriter(IDbContextFactory<AimoDbContext> contexts)
{
    public const int PageSize = 1000;

    /// <summary>Writes the export and returns how many rows it had.</summary>
    public Task<long> WriteAsync(ExportRequest request, Stream output, CancellationToken cancellationToken = default) => request.Kind switch
    {
        ExportKind.Batches => WriteAsync(ExportColumns.Batches, BatchPages(request.Batches!, cancellationToken), request.Format, output, cancellationToken),
        ExportKind.Review => WriteAsync(ExportColumns.Review, ReviewPages(request.Review!, cancellationToken), request.Format, output, cancellationToken),
        _ => WriteAsync(ExportColumns.Signatures, SignaturePages(request.Signatures!, cancellationToken), request.Format, output, cancellationToken),
    };

    private static async Task<long> WriteAsync<T>(ExportColumn<T>[] columns, IAsyncEnumerable<List<T>> pages, ExportFormat format,
        Stream output, CancellationToken cancellationToken)
    {
        var names = columns.Select(c => c.Name).ToArray();
        var sink = ExportSink.For(format);
        sink.Header(names);
        long rows = 0;
        await foreach (var page in pages)
        {
            foreach (var row in page)
            {
                sink.Row(names, columns.Select(c => c.Value(row)).ToArray());
            }
            rows += page.Count;
            await sink.DrainAsync(output, cancellationToken);
        }
        await sink.DrainAsync(output, cancellationToken);
        return rows;
    }

    private async IAsyncEnumerable<List<BatchRecord>> BatchPages(BatchFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (DateTimeOffset At, Guid Id)? last = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = BatchGridQueries.Filtered(db, filter);
            if (last is { } after)
            {
                query = query.Where(b => EF.Functions.GreaterThan(ValueTuple.Create(b.StartedAt, b.Id), ValueTuple.Create(after.At, after.Id)));
            }
            var page = await query.OrderBy(b => b.StartedAt).ThenBy(b => b.Id).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count > 0) yield return page;
            if (page.Count < PageSize) yield break;
            last = (page[^1].StartedAt, page[^1].Id);
        }
    }

    private async IAsyncEnumerable<List<ReviewJoin>> ReviewPages(ReviewFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? last = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = ReviewGridQueries.Filtered(db, filter);
            if (last is { } after)
            {
                query = query.Where(r => r.Item.Id > after);
            }
            var page = await query.OrderBy(r => r.Item.Id).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count > 0) yield return page;
            if (page.Count < PageSize) yield break;
            last = page[^1].Item.Id;
        }
    }

    private async IAsyncEnumerable<List<SignatureJoin>> SignaturePages(SignatureFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = SignatureSearchQueries.Filtered(db, filter, afterId: last);
            var page = await query.OrderBy(s => s.Signature.Id).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count > 0) yield return page;
            if (page.Count < PageSize) yield break;
            last = page[^1].Signature.Id;
        }
    }
}
