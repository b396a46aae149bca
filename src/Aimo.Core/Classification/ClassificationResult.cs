namespace Aimo.Core.Classification;

/// <summary>The model's answer for one signature.</summary>
/// <param name="Id">The signature id, as given in the prompt.</param>
/// <param name="Service">The service the signature belongs to, e.g. "OpenAI API".</param>
/// <param name="Category">Taxonomy category.</param>
/// <param name="Risk">Risk level.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Rationale">Short reason, one or two sentences.</param>
public sealed record ClassificationResult(
    string Id,
    string Service,
    Category Category,
    RiskLevel Risk,
    double Confidence,
    string Rationale);

/// <summary>The whole answer for a batch: one result per signature.</summary>
public sealed record ClassificationResponse(IReadOnlyList<ClassificationResult> Results);
