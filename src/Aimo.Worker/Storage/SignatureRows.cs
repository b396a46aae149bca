using Aimo.Data;
using Aimo.Data.Entities;
using Aimo.Worker.Queue;

namespace Aimo.Worker.Storage;

/// <summary>
/// The <c>signatures</c> rows of one commit. A row takes an entry's content and status only when the entry is at
/// least as new as the row: the status of a signature always describes its newest finished version.
/// </summary>
internal sealed class SignatureRows(Dictionary<string, SignatureRecord> rows, AimoDbContext db, DateTimeOffset now)
{
    public void Finish(QueueEntry entry, string status, Guid? batchId)
    {
        if (rows.TryGetValue(entry.SignatureId, out var row) && row.Version > entry.Version)
        {
            return;
        }
        row ??= Add(entry);
        var s = entry.Signature!;
        row.Tier = s.Tier.ToString();
        row.Method = s.Method;
        row.Host = s.Host;
        row.PathTemplate = s.PathTemplate;
        row.Samples = [.. s.Samples];
        row.Stats = Stats(s);
        row.ContentHash = entry.ContentHash;
        row.Version = entry.Version;
        row.Status = status;
        row.UpdatedAt = now;
        if (batchId is not null)
        {
            row.LastBatchId = batchId;
        }
        if (status == SignatureStatuses.Classified)
        {
            row.ClassifiedAt = now;
        }
    }

    private SignatureRecord Add(QueueEntry entry)
    {
        var s = entry.Signature!;
        var row = new SignatureRecord
        {
            Id = s.Id, Tier = s.Tier.ToString(), Host = s.Host, PathTemplate = s.PathTemplate, ContentHash = entry.ContentHash,
            Status = SignatureStatuses.Queued, CreatedAt = now,
        };
        db.Signatures.Add(row);
        rows[row.Id] = row;
        return row;
    }

    private static SignatureStatsRecord? Stats(Aimo.Core.Signatures.Signature s) => s.Stats is { } st
        ? new SignatureStatsRecord { Requests = st.Requests, Users = st.Users, BytesOut = st.BytesOut, FirstSeen = st.FirstSeen, LastSeen = st.LastSeen }
        : null;
}
