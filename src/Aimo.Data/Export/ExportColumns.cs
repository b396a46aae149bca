using Aimo.Data.Entities;
using Aimo.Data.Queries.Dashboard;

namespace Aimo.Data.Export;

/// <summary>One exported column: its snake_case name (CSV header, NDJSON property) and how to read it from a row.</summary>
internal sealed record ExportColumn<T>(string Name, Func<T, object?> Value);

/// <summary>The columns of each export: every metric of a batch, a review item with its signature, a signature with its current classification.</summary>
internal static class ExportColumns
{
    public static readonly ExportColumn<BatchRecord>[] Batches =
    [
        new("id", b => b.Id), new("started_at", b => b.StartedAt), new("finished_at", b => b.FinishedAt),
        new("tier", b => b.Tier), new("model", b => b.Model), new("status", b => b.Status),
        new("signature_count", b => b.SignatureCount), new("sample_chars", b => b.SampleChars),
        new("estimated_input_tokens", b => b.EstimatedInputTokens), new("estimated_output_tokens", b => b.EstimatedOutputTokens),
        new("input_tokens", b => b.InputTokens), new("output_tokens", b => b.OutputTokens),
        new("cost_usd_estimated", b => b.CostUsdEstimated), new("cost_usd_actual", b => b.CostUsdActual),
        new("latency_ms", b => b.LatencyMs), new("attempts", b => b.Attempts), new("json_retries", b => b.JsonRetries),
        new("success_rate", b => b.SuccessRate), new("error", b => b.Error),
    ];

    public static readonly ExportColumn<ReviewJoin>[] Review =
    [
        new("id", r => r.Item.Id), new("created_at", r => r.Item.CreatedAt), new("status", r => r.Item.Status),
        new("tier", r => r.Item.Tier), new("signature_id", r => r.Item.SignatureId), new("host", r => r.Host),
        new("path_template", r => r.Path), new("reason", r => r.Item.Reason), new("detail", r => r.Item.Detail),
        new("http_status", r => r.Item.HttpStatus), new("raw_excerpt", r => r.Item.RawExcerpt), new("batch_id", r => r.Item.BatchId),
        new("resolution_category", r => r.Item.ResolutionCategory), new("resolution_risk", r => r.Item.ResolutionRisk),
        new("resolution_note", r => r.Item.ResolutionNote), new("acted_by", r => r.Item.ActedBy), new("acted_at", r => r.Item.ActedAt),
    ];

    public static readonly ExportColumn<SignatureJoin>[] Signatures =
    [
        new("id", s => s.Signature.Id), new("tier", s => s.Signature.Tier), new("method", s => s.Signature.Method),
        new("host", s => s.Signature.Host), new("path_template", s => s.Signature.PathTemplate), new("samples", s => s.Signature.Samples),
        new("status", s => s.Signature.Status), new("version", s => s.Signature.Version),
        new("created_at", s => s.Signature.CreatedAt), new("updated_at", s => s.Signature.UpdatedAt),
        new("classified_at", s => s.Signature.ClassifiedAt), new("last_batch_id", s => s.Signature.LastBatchId),
        new("service", s => s.Current?.Service), new("category", s => s.Current?.Category), new("risk", s => s.Current?.Risk),
        new("confidence", s => s.Current?.Confidence), new("rationale", s => s.Current?.Rationale), new("model", s => s.Current?.Model),
        new("source", s => s.Current?.Source), new("resolved_by", s => s.Current?.ResolvedBy),
        new("classification_at", s => s.Current?.CreatedAt),
    ];
}
