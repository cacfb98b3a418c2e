/**
 * GPUs a step asks for through its Valohai `environment`. On Valohai a step gets its GPUs from the
 * machine type its environment names (`aws-eu-west-1-p3-2xlarge`, `azure-westeurope-nc6`,
 * `gcp-europe-west4-n1-standard-4-t4x1`), not from `resources` (which only Kubernetes
 * environments read), so that is how a real valohai.yaml asks for a GPU. Here the name is read
 * for it: a guess, said when the run starts, and never a reason to refuse a run (a machine
 * without GPUs runs such a step without one). `resources.devices` says it exactly and wins.
 */

/** Cloud machine families with NVIDIA GPUs, as the slug's words spell them. */
const AWS_GPU_FAMILIES = /^(p2|p3|p3dn|p4d|p4de|p5|p5e|p5en|g3|g3s|g4dn|g5|g6|g6e|gr6)$/;
const AZURE_GPU_SIZES = /^n[cdv]\d+/;
/** An accelerator named with its count, after (`t4x1`, `v100x4`, `a100`) or before (`1xt4`, `4xv100`). */
const ACCELERATOR = /^(?:(\d+)x)?(k80|p4|p100|t4|v100|a10|a10g|a100|a100_80gb|l4|l40s|h100|h200)(?:x(\d+))?$/;
/** GCP's A2/A3 shapes say their count (`a2-highgpu-4g`). */
const GCP_GPU_COUNT = /^(\d+)g$/;

/** How many GPUs an environment's name asks for (0: none that this can tell). */
export function environmentGpus(environment: string | undefined): number {
  if (!environment) return 0;
  const words = environment.toLowerCase().split(/[-_.\s]+/);
  let gpus = 0;
  for (const [i, word] of words.entries()) {
    const accelerator = ACCELERATOR.exec(word);
    if (accelerator) return Math.max(1, Number(accelerator[1] ?? accelerator[3] ?? 1));
    if (/gpu$/.test(word)) {
      const count = GCP_GPU_COUNT.exec(words[i + 1] ?? '');
      return count ? Math.max(1, Number(count[1])) : 1;
    }
    if (AWS_GPU_FAMILIES.test(word) || AZURE_GPU_SIZES.test(word)) gpus = 1;
  }
  return gpus;
}
