using System.Runtime.InteropServices;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>Ends the process immediately: no finalizers, no exit handlers, no other thread gets to run on.</summary>
internal static partial class ProcessExit
{
    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);

    /// <summary>Flushes the console, then exits with <paramref name="code"/>.</summary>
    public static void Now(int code)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        Exit(code);
    }
}
