namespace Aimo.LlmSimulator.Batches;

/// <summary>An uploaded file or a job's output, kept in memory for the simulator's lifetime (or until a reset).</summary>
public sealed record StoredFile(string Id, string Filename, string Purpose, byte[] Content, DateTimeOffset CreatedAt)
{
    public FileObject Describe() => new(Id, "file", Content.LongLength, CreatedAt.ToUnixTimeSeconds(), Filename, Purpose, "processed");
}

/// <summary>OpenAI's <c>File</c> object. Its deprecated <c>status</c> is still sent, as the real API does.</summary>
public sealed record FileObject(string Id, string Object, long Bytes, long CreatedAt, string Filename, string Purpose, string Status);

/// <summary>The answer to <c>DELETE /v1/files/{id}</c>.</summary>
public sealed record DeletedFile(string Id, string Object, bool Deleted);
