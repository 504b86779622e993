using VaeOnnx.Serve;

// `vae-serve` on its own: the same command the `vae serve` verb runs.
return await ServeCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
