namespace Aimo.Core.Signatures;

/// <summary>
/// Ingest tier of a signature. A: high volume, B: burst/cumulative, C: coverage sample.
/// The budget policy always analyses A and B; C waits when the budget is nearly spent.
/// </summary>
public enum Tier
{
    A,
    B,
    C,
}
