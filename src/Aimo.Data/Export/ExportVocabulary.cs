using Aimo.Core.Classification;
using Aimo.Data.Entities;

namespace Aimo.Data.Export;

/// <summary>The values each export filter accepts: the same words the data holds.</summary>
public static class ExportVocabulary
{
    public static readonly string[] Tiers = ["A", "B", "C"];
    public static readonly string[] BatchStatuses = [Entities.BatchStatuses.Succeeded, Entities.BatchStatuses.Partial, Entities.BatchStatuses.Failed];
    public static readonly string[] ReviewStatusesOrAll =
        [ReviewStatuses.Open, ReviewStatuses.Requeued, ReviewStatuses.Resolved, ReviewStatuses.Dismissed, "all"];
    public static readonly string[] ReviewReasons = Entities.ReviewReasons.All;
    public static readonly string[] SignatureStatuses =
        [Entities.SignatureStatuses.Queued, Entities.SignatureStatuses.Deferred, Entities.SignatureStatuses.Classified, Entities.SignatureStatuses.NeedsReview];
    public static readonly string[] Categories = Enum.GetValues<Category>().Select(AimoJson.ToWire).ToArray();
    public static readonly string[] Risks = Enum.GetValues<RiskLevel>().Select(AimoJson.ToWire).ToArray();
}
