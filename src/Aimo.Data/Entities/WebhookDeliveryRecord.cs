namespace Aimo.Data.Entities;

/// <summary>
/// How far the results webhook has delivered to one receiver (table <c>webhook_deliveries</c>, keyed by its URL): the
/// feed position acknowledged by a 2xx. Kept in PostgreSQL so a restarted sender resumes where it stopped.
/// </summary>
public sealed class WebhookDeliveryRecord
{
    public required string Url { get; set; }
    /// <summary>The feed seq of the last outcome the receiver acknowledged (0: none yet).</summary>
    public long DeliveredSeq { get; set; }
    public int FailedAttempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
