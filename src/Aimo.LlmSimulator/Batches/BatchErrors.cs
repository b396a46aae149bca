namespace Aimo.LlmSimulator.Batches;

/// <summary>An entry of a failed job's <c>errors.data</c>: OpenAI's <c>BatchError</c>.</summary>
public sealed record BatchError(string Code, string Message, string? Param, int? Line);

/// <summary>
/// The real API's reasons to fail a job while validating it, with its codes (<c>invalid_json_line</c>,
/// <c>duplicate_custom_id</c>, <c>url_mismatch</c>, <c>model_mismatch</c>, <c>empty_file</c>, <c>too_many_tasks</c>,
/// <c>token_limit_exceeded</c>) and wording as near as it is documented.
/// </summary>
public static class BatchErrors
{
    public static BatchError InvalidJsonLine(int line) => new("invalid_json_line", "This line is not parseable as valid JSON.", null, line);

    public static BatchError DuplicateCustomId(int line) => new("duplicate_custom_id",
        "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.",
        "custom_id", line);

    public static BatchError UrlMismatch(int line) => new("url_mismatch", "The provided URL for this request does not match the batch endpoint.", "url", line);

    public static BatchError ModelMismatch(int line) => new("model_mismatch",
        "The provided model for this request does not match the model of the other requests in the batch. A batch may only use one model.",
        "body.model", line);

    public static BatchError Missing(string param, int line) =>
        new("missing_required_parameter", $"Missing required parameter: '{param}'.", param, line);

    public static BatchError InvalidType(string param, string expected, int line) =>
        new("invalid_type", $"Invalid type for '{param}': expected {expected}.", param, line);

    public static BatchError InvalidValue(string param, string value, string supported, int line) =>
        new("invalid_value", $"Invalid value: '{value}'. Supported values are: '{supported}'.", param, line);

    public static BatchError EmptyFile() => new("empty_file", "The batch input file is empty.", null, null);

    public static BatchError TooManyTasks(int lines) => new("too_many_tasks",
        $"The batch input file has {lines:N0} requests; a batch may hold at most {BatchInput.MaxLines:N0}.", null, null);

    /// <summary>The failure a busy organization meets most: its queue of batch tokens is full (the <c>failed</c> fault).</summary>
    public static BatchError TokenLimitExceeded(string model) => new("token_limit_exceeded",
        $"Enqueued token limit reached for {model} in organization {Limits.RateLimitMessages.Organization}. Limit: 90,000 enqueued tokens. "
        + "Please try again once some in_progress batches have been completed. (simulated)", null, null);
}
