// Tests seed torch's global generator before creating modules; running them one at a time keeps that deterministic
// (and the 2-core build machine is shared anyway).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
