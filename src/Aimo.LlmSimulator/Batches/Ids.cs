using System.Security.Cryptography;

namespace Aimo.LlmSimulator.Batches;

/// <summary>Ids shaped like OpenAI's: a prefix and random letters and digits (<c>file-</c>, <c>batch_</c>, <c>batch_req_</c>).</summary>
public static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
