using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries.Dashboard;

/// <summary>Signature search: free text matches id, host or path; the others are exact.</summary>
public sealed record SignatureFilter(string? Text = null, string? Category = null, string? Risk = null, string? Status = null, string? Tier = null);

public sealed record SignatureRow(
    string Id, string Tier, string Host, string PathTemplate, string Status,
    string? Category, string? Risk, double? Confidence, DateTimeOffset UpdatedAt);

public sealed record SignatureHistory(
    SignatureRecord Signature, IReadOnlyList<ClassificationRecord> Classifications,
    IReadOnlyList<BatchRecord> Batches, IReadOnlyList<ReviewItemRecord> ReviewItems);

public sealed class SignatureSearchQueries(IDbContextFactory<AimoDbContext> factory)
{
    public async Task<PagedResult<SignatureRow>> SearchAsync(PageRequest page, SignatureFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows =
            from s in db.Signatures
            let current = db.Classifications.Where(c => c.SignatureId == s.Id).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).FirstOrDefault()
            select new SignatureRow(s.Id, s.Tier, s.Host, s.PathTemplate, s.Status,
                current != null ? current.Category : null, current != null ? current.Risk : null,
                current != null ? current.Confidence : null, s.UpdatedAt);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = "%" + filter.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            rows = rows.Where(r => EF.Functions.ILike(r.Id, pattern) || EF.Functions.ILike(r.Host, pattern) || EF.Functions.ILike(r.PathTemplate, pattern));
        }
        if (!string.IsNullOrEmpty(filter.Category)) rows = rows.Where(r => r.Category == filter.Category);
        if (!string.IsNullOrEmpty(filter.Risk)) rows = rows.Where(r => r.Risk == filter.Risk);
        if (!string.IsNullOrEmpty(filter.Status)) rows = rows.Where(r => r.Status == filter.Status);
        if (!string.IsNullOrEmpty(filter.Tier)) rows = rows.Where(r => r.Tier == filter.Tier);

        var total = await rows.CountAsync(cancellationToken);
        var ordered = (page.SortBy, page.Descending) switch
        {
            ("Host", false) => rows.OrderBy(r => r.Host),
            ("Host", true) => rows.OrderByDescending(r => r.Host),
            ("Id", false) => rows.OrderBy(r => r.Id),
            ("Id", true) => rows.OrderByDescending(r => r.Id),
            (_, false) => rows.OrderBy(r => r.UpdatedAt),
            _ => rows.OrderByDescending(r => r.UpdatedAt),
        };
        var items = await ordered.ThenBy(r => r.Id).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new PagedResult<SignatureRow>(items, total);
    }

    public async Task<SignatureHistory?> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var signature = await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (signature is null) return null;
        var classifications = await db.Classifications.AsNoTracking().Where(c => c.SignatureId == id)
            .OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().Where(b => db.BatchItems.Any(i => i.BatchId == b.Id && i.SignatureId == id))
            .OrderByDescending(b => b.StartedAt).ToListAsync(cancellationToken);
        var reviews = await db.ReviewItems.AsNoTracking().Where(r => r.SignatureId == id)
            .OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);
        return new SignatureHistory(signature, classifications, batches, reviews);
    }
}
