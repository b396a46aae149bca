using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data;

/// <summary>
/// The AIMO schema. Tables and columns use snake_case (EFCore.NamingConventions):
/// <list type="bullet">
/// <item><c>signatures</c>: every signature ever ingested, its current status and last batch.</item>
/// <item><c>classifications</c>: results, one per (signature_id, signature_version) at most.</item>
/// <item><c>batches</c> + <c>batch_items</c>: one row per LLM request with its metrics, and its signatures.</item>
/// <item><c>review_items</c>: the needs_review queue with reason, detail and the operator's action; one per version at most.</item>
/// <item><c>budget_days</c>: durable ledger of each day's spend.</item>
/// <item><c>batch_jobs</c>: tier C jobs at the provider's Batch API, the owners of the entries they carry.</item>
/// <item><c>result_feed</c>: every classification or review outcome in commit order, read by feeders; <c>webhook_deliveries</c>: the results webhook's position.</item>
/// <item><c>settings</c> (one row) and <c>audit_log</c>: operator settings and who changed what.</item>
/// </list>
/// </summary>
public sealed class AimoDbContext(DbContextOptions<AimoDbContext> options) : DbContext(options)
{
    public DbSet<SignatureRecord> Signatures => Set<SignatureRecord>();
    public DbSet<ClassificationRecord> Classifications => Set<ClassificationRecord>();
    public DbSet<BatchRecord> Batches => Set<BatchRecord>();
    public DbSet<BatchItemRecord> BatchItems => Set<BatchItemRecord>();
    public DbSet<ReviewItemRecord> ReviewItems => Set<ReviewItemRecord>();
    public DbSet<BudgetDayRecord> BudgetDays => Set<BudgetDayRecord>();
    public DbSet<SettingsRecord> Settings => Set<SettingsRecord>();
    public DbSet<AuditEntryRecord> AuditLog => Set<AuditEntryRecord>();
    public DbSet<BatchJobRecord> BatchJobs => Set<BatchJobRecord>();
    public DbSet<ResultFeedRecord> ResultFeed => Set<ResultFeedRecord>();
    public DbSet<WebhookDeliveryRecord> WebhookDeliveries => Set<WebhookDeliveryRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram indexes let the grids' "contains" search (ILIKE '%text%') use an index instead of reading every row
        // (the signatures' search index is an expression index, created in the VolumeIndexes migration's SQL).
        modelBuilder.HasPostgresExtension("pg_trgm");

        modelBuilder.Entity<SignatureRecord>(e =>
        {
            e.ToTable("signatures");
            e.Property(s => s.Tier).HasMaxLength(1);
            e.Property(s => s.Method).HasMaxLength(16);
            e.Property(s => s.Host).HasMaxLength(253);
            e.Property(s => s.ContentHash).HasMaxLength(64);
            e.Property(s => s.Status).HasMaxLength(16);
            e.OwnsOne(s => s.Stats, stats => stats.ToJson());
            e.HasIndex(s => new { s.Status, s.UpdatedAt });
            e.HasIndex(s => s.Host);
            e.HasIndex(s => s.ContentHash);
            // The Signatures page's default order (newest change first, id as tie-breaker), read backwards for oldest first.
            e.HasIndex(s => new { s.UpdatedAt, s.Id }, "ix_signatures_updated_at_id").HasDatabaseName("ix_signatures_updated_at_id").IsDescending(true, true);
        });

        modelBuilder.Entity<ClassificationRecord>(e =>
        {
            e.ToTable("classifications");
            e.Property(c => c.Category).HasMaxLength(32);
            e.Property(c => c.Risk).HasMaxLength(16);
            e.Property(c => c.Source).HasMaxLength(16);
            e.Property(c => c.ContentHash).HasMaxLength(64);
            // The commit rule's backstop in the schema: a version has at most one result, whoever commits it.
            e.HasIndex(c => new { c.SignatureId, c.SignatureVersion }).IsUnique();
            e.HasIndex(c => c.BatchId);
            e.HasIndex(c => new { c.SignatureId, c.CreatedAt });
            e.HasIndex(c => c.CreatedAt);
            e.HasIndex(c => c.Category);
        });

        modelBuilder.Entity<BatchRecord>(e =>
        {
            e.ToTable("batches");
            e.Property(b => b.Tier).HasMaxLength(1);
            e.Property(b => b.Status).HasMaxLength(16);
            e.Property(b => b.CostUsdEstimated).HasPrecision(18, 8);
            e.Property(b => b.CostUsdActual).HasPrecision(18, 8);
            e.Property(b => b.BatchApiCostUsd).HasPrecision(18, 8);
            e.HasIndex(b => b.StartedAt);
            // The throughput card counts batches finished in the last minutes.
            e.HasIndex(b => b.FinishedAt);
            e.HasMany(b => b.Items).WithOne().HasForeignKey(i => i.BatchId);
        });

        modelBuilder.Entity<BatchItemRecord>(e =>
        {
            e.ToTable("batch_items");
            e.HasKey(i => new { i.BatchId, i.SignatureId });
            e.HasIndex(i => i.SignatureId);
        });

        modelBuilder.Entity<ReviewItemRecord>(e =>
        {
            e.ToTable("review_items");
            e.Property(r => r.Reason).HasMaxLength(32);
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.Tier).HasMaxLength(1);
            e.Property(r => r.ContentHash).HasMaxLength(64);
            e.HasIndex(r => new { r.Status, r.Id });
            e.HasIndex(r => new { r.SignatureId, r.SignatureVersion }).IsUnique();
            // Batch detail lists the review items a batch produced.
            e.HasIndex(r => r.BatchId);
        });

        modelBuilder.Entity<BudgetDayRecord>(e =>
        {
            e.ToTable("budget_days");
            e.HasKey(d => d.Day);
            e.Property(d => d.BudgetUsd).HasPrecision(18, 8);
            e.Property(d => d.SpentUsd).HasPrecision(18, 8);
        });

        modelBuilder.Entity<SettingsRecord>(e =>
        {
            e.ToTable("settings");
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.DailyBudgetUsd).HasPrecision(18, 4);
            e.Property(s => s.SoftLimitFraction).HasPrecision(5, 4);
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.PreviousTimeZone).HasMaxLength(64);
            e.HasData(new SettingsRecord { Id = SettingsRecord.SingletonId, UpdatedAt = DateTimeOffset.UnixEpoch });
        });

        modelBuilder.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(a => a.At);
        });

        modelBuilder.Entity<BatchJobRecord>(e =>
        {
            e.ToTable("batch_jobs");
            e.HasIndex(j => j.JobKey).IsUnique();
            e.HasIndex(j => j.ProviderJobId);
            e.HasIndex(j => new { j.State, j.UpdatedAt });
            e.Property(j => j.JobKey).HasMaxLength(64);
            e.Property(j => j.State).HasMaxLength(16);
            e.Property(j => j.ProviderStatus).HasMaxLength(16);
            e.Property(j => j.Carries).HasColumnType("jsonb");
            e.Property(j => j.CostUsdEstimated).HasPrecision(18, 8);
            e.Property(j => j.CostUsdActual).HasPrecision(18, 8);
        });

        modelBuilder.Entity<ResultFeedRecord>(e =>
        {
            e.ToTable("result_feed");
            // Taken at insert under the commit-order lock (ResultFeed), so seq order is commit order.
            e.HasKey(r => r.Seq);
            e.Property(r => r.Seq).UseIdentityAlwaysColumn();
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.Category).HasMaxLength(32);
            e.Property(r => r.Risk).HasMaxLength(16);
            e.Property(r => r.Source).HasMaxLength(16);
            e.Property(r => r.ReviewReason).HasMaxLength(32);
        });

        modelBuilder.Entity<WebhookDeliveryRecord>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(w => w.Url);
        });
    }
}
