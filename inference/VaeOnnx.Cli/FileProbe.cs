using System.Buffers.Binary;
using VaeOnnx.Data;

namespace VaeOnnx.Cli;

/// <summary>
/// The first bytes of an input file, so the verbs tell formats by content rather than by name (a <c>.gz</c> that is
/// raw IDX, a <c>.npy</c> renamed). A missing file is a <see cref="DataFileException"/> naming it.
/// </summary>
internal static class FileProbe
{
    /// <summary>Enough for every signature the verbs look at (PNG's is the longest).</summary>
    private const int HeadLength = 8;

    /// <summary>Up to the first 8 bytes of <paramref name="path"/>.</summary>
    public static byte[] Head(string path)
    {
        var head = new byte[HeadLength];
        try
        {
            using var probe = File.OpenRead(path);
            return head[..probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException(path, "file not found", e);
        }
    }

    /// <summary>
    /// Whether <paramref name="head"/> starts an IDX file with <paramref name="magic"/>, or a gzip stream (which
    /// <see cref="IdxReader"/> opens and checks itself).
    /// </summary>
    public static bool IsIdx(ReadOnlySpan<byte> head, int magic) =>
        (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        || (head.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(head) == magic);
}
