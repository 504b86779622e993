using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VaeOnnx.Training;

/// <summary>
/// Lets the MKL inside libtorch choose its matrix-product kernels by CPU features on AMD processors, as it does on
/// Intel ones. MKL asks <c>mkl_serv_intel_cpu_true</c> whether the CPU is an Intel one and, when it is not, runs a
/// generic 256-bit path (<c>mkl_blas_def_sgemm_kernel_0_zen</c>) even on a CPU with AVX-512. The function caches its
/// answer in a variable beside it, negative until first asked; setting that variable to 1 before MKL's first product
/// makes MKL pick among its AVX2 and AVX-512 kernels by the CPU's feature bits (on Zen 4: <c>mkl_blas_avx512_sgemm_kernel_0</c>;
/// what it bought is in the README's benchmark section). Hand-written because nothing supported does it:
/// <c>MKL_DEBUG_CPU_TYPE</c> is gone since MKL 2020, <c>MKL_CBWR</c> only selects the reproducible variant of the same
/// generic path (measured: <c>mkl_blas_cnr_def_sgemm_kernel_0_zen</c>), and the usual LD_PRELOAD shim needs a native
/// library built and preloaded before the process starts. Done only on AMD CPUs with AVX2 and FMA, and only when the
/// function's code is the one read from this libtorch build; anywhere else nothing is touched.
/// </summary>
internal static unsafe class MklDispatch
{
    /// <summary>
    /// The function as built into libtorch 2.10 (oneMKL 2024.0): <c>mov eax, [rip+disp32]</c> (the cached answer),
    /// <c>test eax, eax</c>, <c>js</c> to the CPUID query, <c>ret</c>. The four disp32 bytes are not compared.
    /// </summary>
    private static ReadOnlySpan<byte> Head => [0x8B, 0x05, 0, 0, 0, 0, 0x85, 0xC0, 0x78, 0x01, 0xC3];

    private const int DisplacementOffset = 2, NextInstruction = 6;

    private const string OwnDispatch = "MKL's own dispatch";

    /// <summary>What MKL's kernels are chosen by in this process, for logs and run records (set by <see cref="Configure"/>).</summary>
    public static string Description { get; private set; } = OwnDispatch;

    /// <summary>
    /// Sets MKL's answer once libtorch is loaded and before MKL's first product: MKL keeps the kernels it chose at its
    /// first call, so a later change would not take effect (and is not made).
    /// </summary>
    public static void Configure()
    {
        if (!IsAmdWithAvx2())
        {
            Description = OwnDispatch;
            return;
        }
        if (!LoadedLibrary.TryGet("libtorch_cpu", out var library)
            || !NativeLibrary.TryGetExport(library, "mkl_serv_intel_cpu_true", out var function))
        {
            Description = OwnDispatch + " (libtorch has no MKL vendor check)";
            return;
        }
        var code = new ReadOnlySpan<byte>((byte*)function, Head.Length);
        for (int i = 0; i < Head.Length; i++)
        {
            if ((i < DisplacementOffset || i >= NextInstruction) && code[i] != Head[i])
            {
                Description = OwnDispatch + " (its vendor check is not the one this build knows)";
                return;
            }
        }
        int* cached = (int*)((byte*)function + NextInstruction + *(int*)((byte*)function + DisplacementOffset));
        if (*cached < 0)
        {
            *cached = 1;
        }
        Description = *cached == 1
            ? "MKL kernels chosen by CPU features (AMD CPU: its vendor check bypassed)"
            : "MKL's generic kernels for AMD (MKL was in use before its vendor check could be bypassed)";
    }

    /// <summary>Whether this is an AMD CPU with AVX2 and FMA, where MKL would take its generic path.</summary>
    internal static bool IsAmdWithAvx2()
    {
        if (!X86Base.IsSupported || !Avx2.IsSupported || !Fma.IsSupported)
        {
            return false;
        }
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        // "AuthenticAMD" in EBX, EDX, ECX.
        return ebx == 0x68747541 && edx == 0x69746E65 && ecx == 0x444D4163;
    }
}
