using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>What a model is conditioned on besides its main input: nothing, or a class label in <c>0..Classes-1</c>.</summary>
/// <param name="Kind">One of <see cref="Kinds"/>.</param>
/// <param name="Classes">Number of classes K for <see cref="Kinds.ClassLabel"/>; 0 otherwise.</param>
public sealed record Conditioning(string Kind, int Classes)
{
    /// <summary>The kinds of conditioning.</summary>
    public static class Kinds
    {
        /// <summary>An ordinary VAE: encoder and decoder take no label.</summary>
        public const string None = "none";

        /// <summary>A conditional VAE: both graphs take an int64 label input.</summary>
        public const string ClassLabel = "class-label";
    }

    /// <summary>No conditioning.</summary>
    public static Conditioning None { get; } = new(Kinds.None, 0);

    /// <summary>Conditioning on a class label out of <paramref name="classes"/>.</summary>
    public static Conditioning ClassLabel(int classes) => new(Kinds.ClassLabel, classes);

    /// <summary>Whether the graphs take a label.</summary>
    [JsonIgnore]
    public bool IsConditional => Kind == Kinds.ClassLabel;

    internal void Validate()
    {
        bool ok = Kind switch
        {
            Kinds.None => Classes == 0,
            Kinds.ClassLabel => Classes is >= 2 and <= 65_536,
            _ => false,
        };
        if (!ok)
        {
            throw new SignatureException($"conditioning '{Kind}' with {Classes} classes is not one of: none (0 classes), class-label (2 or more)");
        }
    }
}
