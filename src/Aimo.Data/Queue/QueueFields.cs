namespace Aimo.Data.Queue;

/// <summary>Field names of a stream entry in <see cref="QueueKeys.Stream"/>.</summary>
public static class QueueFields
{
    /// <summary>The <see cref="Aimo.Core.Signatures.Signature"/> as JSON (<c>AimoJson.Options</c>).</summary>
    public const string Signature = "sig";
    /// <summary><see cref="Aimo.Core.Signatures.SignatureId.ContentHash"/> of the signature.</summary>
    public const string ContentHash = "hash";
    /// <summary>Why it was enqueued: "ingest" or "requeue" (an operator sent it back from review).</summary>
    public const string Origin = "origin";
    /// <summary>The version of the signature this entry carries (see <see cref="QueueKeys.VersionSequence"/>).</summary>
    public const string Version = "ver";
    /// <summary>
    /// The W3C <c>traceparent</c> of the request that enqueued it (empty when none was traced), so the batch that
    /// carries it can link back to that request's trace.
    /// </summary>
    public const string TraceParent = "tp";
}
