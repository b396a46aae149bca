namespace Aimo.Core.Validation;

/// <summary>Why a signature of a batch got no valid result from a response.</summary>
public enum FailureReason
{
    /// <summary>The answer was cut off (<c>finish_reason=length</c>): split the batch and resend, do not re-ask.</summary>
    Truncated,

    /// <summary>The answer was not parseable JSON of the expected shape: re-ask once with the error.</summary>
    InvalidJson,

    /// <summary>The answer was valid but had no item for this id.</summary>
    Missing,

    /// <summary>The item for this id broke the schema (unknown category, confidence out of range, ...).</summary>
    InvalidItem,

    /// <summary>The answer had more than one item for this id: neither counts; re-ask once, then review.</summary>
    Duplicate,
}
