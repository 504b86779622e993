namespace VaeOnnx.OnnxExport;

// Shape operations: Flatten, Unflatten and Reshape with torch's semantics, written as ONNX Flatten/Reshape.
public sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// torch's <c>flatten(startDim, endDim)</c>: merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/>
    /// into one. The common case (1, -1) is ONNX <c>Flatten(axis=1)</c>; others become a <c>Reshape</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dimensions are outside the input's rank.</exception>
    /// <exception cref="NotSupportedException">A dimension after <paramref name="endDim"/> has no fixed size.</exception>
    public OnnxValue Flatten(OnnxValue input, long startDim = 1, long endDim = -1, string? name = null)
    {
        CheckOwned(input);
        int rank = input.Rank;
        int start = NormalizeDim(startDim, rank, nameof(startDim));
        int end = NormalizeDim(endDim, rank, nameof(endDim));
        if (start > end)
        {
            throw new ArgumentOutOfRangeException(nameof(startDim), $"flatten: startDim {startDim} comes after endDim {endDim} for rank {rank}.");
        }
        if (start == end)
        {
            return input;
        }
        OnnxDim merged = Product(input.Shape.Skip(start).Take(end - start + 1));
        OnnxDim[] shape = [.. input.Shape.Take(start), merged, .. input.Shape.Skip(end + 1)];
        // ONNX Flatten always yields rank 2 ([prod before axis, prod from axis]); that equals torch's only for (1, last).
        if (start == 1 && end == rank - 1)
        {
            return AddNode("Flatten", name, [input.Name], shape, Attribute("axis", 1L));
        }
        // Reshape: 0 copies the input dimension at the same index (so a dynamic batch stays dynamic), -1 is inferred.
        long[] target = [.. Enumerable.Repeat(0L, start), -1L, .. input.Shape.Skip(end + 1).Select(d => FixedOrThrow(d, input, "flatten"))];
        return EmitReshape(input, target, shape, name);
    }

    /// <summary>
    /// torch's <c>unflatten(dim, sizes)</c>: splits dimension <paramref name="dim"/> into <paramref name="sizes"/>
    /// (one of which may be -1), e.g. [N,1024] with (1, [1,32,32]) gives [N,1,32,32].
    /// </summary>
    public OnnxValue Unflatten(OnnxValue input, long dim, ReadOnlySpan<long> sizes, string? name = null)
    {
        CheckOwned(input);
        int rank = input.Rank;
        int d = NormalizeDim(dim, rank, nameof(dim));
        CheckSizes(sizes, nameof(sizes));
        long[] parts = sizes.ToArray();
        OnnxDim[] resolved = ResolveInferred(parts, input.Shape[d]);
        OnnxDim[] shape = [.. input.Shape.Take(d), .. resolved, .. input.Shape.Skip(d + 1)];
        OnnxDim[] after = [.. input.Shape.Skip(d + 1)];
        long[] tail;
        if (!parts.Contains(-1) && after.Count(x => !x.IsFixed) == 1)
        {
            // The -1 slot is still free, so a single dynamic trailing dimension can be inferred by Reshape.
            tail = [.. after.Select(x => x.Value ?? -1L)];
        }
        else
        {
            tail = [.. after.Select(x => FixedOrThrow(x, input, "unflatten"))];
        }
        long[] target = [.. Enumerable.Repeat(0L, d), .. parts, .. tail];
        return EmitReshape(input, target, shape, name);
    }

    /// <summary>
    /// torch's <c>reshape(shape)</c>: one entry may be -1 (inferred). Use -1 for the batch dimension to keep it
    /// dynamic, e.g. <c>Reshape(x, [-1, 1, 32, 32])</c>.
    /// </summary>
    public OnnxValue Reshape(OnnxValue input, ReadOnlySpan<long> shape, string? name = null)
    {
        CheckOwned(input);
        CheckSizes(shape, nameof(shape));
        long[] target = shape.ToArray();
        OnnxDim[] outputShape = [.. target.Select(s => s == -1 ? OnnxDim.Unknown : OnnxDim.Fixed(s))];
        int inferred = Array.IndexOf(target, -1L);
        if (inferred >= 0)
        {
            long knownOut = target.Where(s => s != -1).Aggregate(1L, (a, b) => a * b);
            OnnxDim[] dynamic = [.. input.Shape.Where(x => !x.IsFixed)];
            long knownIn = input.Shape.Where(x => x.IsFixed).Aggregate(1L, (a, b) => a * b.Value!.Value);
            if (dynamic.Length == 0 && knownOut != 0)
            {
                outputShape[inferred] = knownIn / knownOut;
            }
            else if (dynamic.Length == 1 && knownIn == knownOut)
            {
                // The fixed sizes cancel out, so the inferred entry is exactly the one dynamic input dimension (the batch).
                outputShape[inferred] = dynamic[0];
            }
        }
        return EmitReshape(input, target, outputShape, name);
    }

    private OnnxValue EmitReshape(OnnxValue input, long[] target, OnnxDim[] outputShape, string? name)
    {
        string shapeName = Int64Constant($"{name ?? "Reshape"}.shape", target);
        return AddNode("Reshape", name, [input.Name, shapeName], outputShape);
    }

    private static int NormalizeDim(long dim, int rank, string parameter)
    {
        long d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentOutOfRangeException(parameter, $"dimension {dim} is out of range for a rank-{rank} tensor.");
        }
        return (int)d;
    }

    private static void CheckSizes(ReadOnlySpan<long> sizes, string parameter)
    {
        int inferred = 0;
        foreach (long s in sizes)
        {
            if (s == -1)
            {
                inferred++;
            }
            else if (s <= 0)
            {
                throw new ArgumentOutOfRangeException(parameter, $"sizes must be positive or -1 (got {s}).");
            }
        }
        if (inferred > 1)
        {
            throw new ArgumentOutOfRangeException(parameter, "at most one size may be -1.");
        }
    }

    /// <summary>Sizes of an unflattened dimension, with the -1 entry computed when the split dimension is fixed.</summary>
    private static OnnxDim[] ResolveInferred(long[] parts, OnnxDim whole)
    {
        long known = parts.Where(s => s != -1).Aggregate(1L, (a, b) => a * b);
        if (whole.IsFixed && !parts.Contains(-1) && known != whole.Value)
        {
            throw new ArgumentException($"unflatten: sizes multiply to {known}, but the dimension has {whole.Value}.", nameof(parts));
        }
        return [.. parts.Select(s => s != -1 ? OnnxDim.Fixed(s) : whole.IsFixed ? OnnxDim.Fixed(whole.Value!.Value / known) : OnnxDim.Unknown)];
    }

    private static OnnxDim Product(IEnumerable<OnnxDim> dims)
    {
        long product = 1;
        OnnxDim? single = null;
        int dynamic = 0;
        foreach (OnnxDim d in dims)
        {
            if (d.Value is long v)
            {
                product *= v;
            }
            else
            {
                dynamic++;
                single = d;
            }
        }
        return dynamic switch
        {
            0 => OnnxDim.Fixed(product),
            1 when product == 1 => single!.Value,
            _ => OnnxDim.Unknown,
        };
    }

    private static long FixedOrThrow(OnnxDim dim, OnnxValue input, string operation) =>
        dim.Value ?? throw new NotSupportedException(
            $"{operation} of {input}: the dimensions that stay after the merged/split ones must have fixed sizes.");
}
