using System.Net;
using System.Net.Sockets;
using Aimo.Core.Classification;

namespace Aimo.LlmSimulator.Classification;

/// <summary>
/// Classifies a signature from its host and path alone, deterministically: the same signature always
/// gets the same answer, which is what lets tests compare a response with an earlier one.
/// </summary>
public static class RuleClassifier
{
    public static ClassificationResult Classify(PromptSignature signature)
    {
        var host = signature.Host.TrimEnd('.');
        var (service, category, risk, confidence) = Match(host);
        return new ClassificationResult(signature.Id, service, category, risk, confidence, Rationale(signature, host, service, category));
    }

    private static (string Service, Category Category, RiskLevel Risk, double Confidence) Match(string host)
    {
        if (host.Length == 0) return ("Unknown", Category.Other, RiskLevel.Low, 0.2);
        if (host.EndsWith(".onion", StringComparison.Ordinal)) return ("Tor hidden service", Category.MalwareC2, RiskLevel.Critical, 0.9);
        if (TryParseIp(host) is { } ip)
        {
            return IsPrivate(ip)
                ? ("Private network address", Category.Internal, RiskLevel.Low, 0.85)
                : ("Direct-to-IP endpoint", Category.MalwareC2, RiskLevel.High, 0.6);
        }
        if (KnownServices.InternalSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal)) || !host.Contains('.'))
            return ("Internal service", Category.Internal, RiskLevel.Low, 0.85);
        if (KnownServices.DynamicDns.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal)))
            return ("Dynamic DNS host", Category.MalwareC2, RiskLevel.Critical, 0.75);
        if (KnownServices.All.FirstOrDefault(s => s.Matches(host)) is { } known)
            return (known.Service, known.Category, known.Risk, known.Confidence);
        if (KnownServices.SuspiciousTlds.Any(t => host.EndsWith(t, StringComparison.Ordinal)))
            return ("Unknown host on a high-abuse TLD", Category.MalwareC2, RiskLevel.High, 0.55);
        return ByKeyword(host) ?? (RegistrableDomain(host), Category.Other, RiskLevel.Low, 0.3);
    }

    // Named with the site, as a real model would tell one ad network or CDN from another: identical answers for
    // unrelated sites are what the worker's steering check looks for.
    private static (string, Category, RiskLevel, double)? ByKeyword(string host) => host switch
    {
        _ when host.Contains("copilot") => ($"Copilot service ({RegistrableDomain(host)})", Category.AiService, RiskLevel.Medium, 0.7),
        _ when host.StartsWith("ads.", StringComparison.Ordinal) || host.Contains("adserver") => ($"Ad server ({RegistrableDomain(host)})", Category.Advertising, RiskLevel.Low, 0.6),
        _ when host.Contains("analytics") || host.Contains("telemetry") => ($"Analytics endpoint ({RegistrableDomain(host)})", Category.Analytics, RiskLevel.Low, 0.6),
        _ when host.Contains("cdn") => ($"Content delivery network ({RegistrableDomain(host)})", Category.Cdn, RiskLevel.Low, 0.6),
        _ => null,
    };

    private static string Rationale(PromptSignature signature, string host, string service, Category category)
    {
        var target = $"{(signature.Method is { Length: > 0 } m ? m + " " : "")}{host}{signature.Path}";
        return category switch
        {
            Category.AiService => $"{target} is {service}, a generative AI service; prompts and uploads sent there leave the organisation.",
            Category.FileSharing => $"{target} is {service}, a file-sharing service that can carry bulk uploads out.",
            Category.Webmail => $"{target} is {service}, personal webmail outside corporate retention.",
            Category.MalwareC2 => $"{target} looks like command-and-control traffic ({service}).",
            Category.Internal => $"{target} is an internal address ({service}).",
            Category.Other => $"{host} is not a service the rules recognise; classified with low confidence.",
            _ => $"{target} belongs to {service} ({AimoJson.ToWire(category)}).",
        };
    }

    private static IPAddress? TryParseIp(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : null;

    private static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip)) return true;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal;
        var b = ip.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
    }

    private static string RegistrableDomain(string host)
    {
        // Last two labels are a good enough guess for a service name; the real public-suffix list is overkill here.
        var labels = host.Split('.');
        return labels.Length <= 2 ? host : string.Join('.', labels[^2..]);
    }
}
