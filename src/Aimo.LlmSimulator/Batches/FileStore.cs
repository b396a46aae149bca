using System.Collections.Concurrent;

namespace Aimo.LlmSimulator.Batches;

/// <summary>The files of <c>/v1/files</c>, in memory: a simulator forgets them when it stops, and so may its clients.</summary>
public sealed class FileStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StoredFile> _files = new();

    public StoredFile Add(string filename, string purpose, byte[] content)
    {
        var file = new StoredFile("file-" + Ids.Random(22), filename, purpose, content, time.GetUtcNow());
        _files[file.Id] = file;
        return file;
    }

    public StoredFile? Find(string id) => _files.GetValueOrDefault(id);

    public bool Delete(string id) => _files.TryRemove(id, out _);

    public void Reset() => _files.Clear();
}
