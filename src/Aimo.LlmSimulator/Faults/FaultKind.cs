namespace Aimo.LlmSimulator.Faults;

/// <summary>What the simulator does to one chat request. Serialized snake_case (<c>http500</c>, <c>invalid_json</c>).</summary>
public enum FaultKind
{
    None,
    Http500,
    Http503,
    Http429,
    Hang,
    InvalidJson,
    Truncated,
    DroppedItems,
    ExtraIds,
    CodeFence,
    /// <summary>200, the headers and the first part of the body, then a stall of <c>HangMs</c>.</summary>
    StallBody,
    /// <summary>401 <c>invalid_api_key</c>, as for a revoked key.</summary>
    Http401,
    /// <summary>404 <c>model_not_found</c>, as for a retired or mistyped model.</summary>
    Http404Model,
    /// <summary>400 <c>unsupported_parameter</c>, as after a model change the client was not adapted to.</summary>
    Http400Param,
    /// <summary>429 <c>insufficient_quota</c> without Retry-After: out of credit, retrying cannot help.</summary>
    InsufficientQuota,
    /// <summary>
    /// A 200 from a weak model: when a sample of the batch holds instructions to the classifier, every id of the batch gets
    /// the answer they ask for (see <see cref="Classification.ObeyedInstruction"/>); a batch without one is answered as usual.
    /// </summary>
    ObeyInjection,
}
