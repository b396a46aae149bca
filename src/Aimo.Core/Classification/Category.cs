namespace Aimo.Core.Classification;

/// <summary>The fixed taxonomy of services. Serialized in snake_case (e.g. <c>ai_service</c>).</summary>
public enum Category
{
    AiService,
    FileSharing,
    Webmail,
    Social,
    Collaboration,
    Developer,
    BusinessApp,
    Advertising,
    Analytics,
    Cdn,
    MalwareC2,
    Internal,
    Other,
}

/// <summary>How risky the traffic to a signature is for the organisation.</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}
