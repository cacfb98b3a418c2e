import { describe, expect, it } from 'vitest';
import { environmentRead } from './environment-read.ts';

describe('the environment variables a script reads', () => {
  it('offers each with its default as text, one it cannot go without as required, and none the machine or a launcher sets', () => {
    expect(
      environmentRead(`import os
from os import environ, getenv
batch = int(os.getenv("BATCH_SIZE", 32))
lr = float(os.environ.get("LEARNING_RATE", "0.01"))
project = os.environ["WANDB_PROJECT"]
token = os.environ.get("HF_TOKEN")
amp = getenv("USE_AMP", False)
data = environ.get('DATA_DIR', default='/data')
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ.setdefault("MODE", "train")
rank = int(os.environ["LOCAL_RANK"])
home = os.environ["HOME"]
out = os.environ["VH_OUTPUTS_DIR"]
again = os.getenv("BATCH_SIZE")
weird = os.getenv(NAME)
`),
    ).toEqual([
      { name: 'BATCH_SIZE', default: '32' },
      { name: 'LEARNING_RATE', default: '0.01' },
      { name: 'HF_TOKEN' },
      { name: 'USE_AMP', default: 'False' },
      { name: 'DATA_DIR', default: '/data' },
      { name: 'MODE', default: 'train' },
      { name: 'WANDB_PROJECT', optional: false },
    ]);
  });
});
