namespace Aimo.Data.Live;

/// <summary>The pub/sub channels of <see cref="ChangeFeed"/>: hints to open admin pages, never records.</summary>
public static class ChangeChannels
{
    /// <summary>
    /// A worker announces a committed batch (or reused results and review items without one): a small JSON hint
    /// (<c>{"tier":"A","classified":12,"reviews":1}</c>). Open admin pages reload on it instead of polling PostgreSQL; a
    /// lost message only delays a page until the next one.
    /// </summary>
    public const string Batches = "aimo:events:batches";

    /// <summary>Review items: written by a worker or acted on by an operator.</summary>
    public const string Review = "aimo:events:review";
}
