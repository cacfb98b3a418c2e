import { describe, expect, it } from 'vitest';
import { tellingLine } from './telling-line.ts';

describe('tellingLine', () => {
  it('is the line that runs a script, past the setting up before it', () => {
    expect(tellingLine(['cd src', 'python main.py clean_text {parameters}'])).toBe('python main.py clean_text {parameters}');
    expect(tellingLine(['pip install -r requirements.txt', 'python -m pip install valohai-utils', 'torchrun --nproc-per-node=4 train.py {parameters}'])).toBe('torchrun --nproc-per-node=4 train.py {parameters}');
  });

  it('is the first line that is not setting up where no line runs a Python script', () => {
    expect(tellingLine(['apt-get install -y jq', 'export X=1', 'Rscript fit.R'])).toBe('Rscript fit.R');
    expect(tellingLine(['cd /tmp && make all'])).toBe('cd /tmp && make all');
  });

  it('is the first line where every line sets up, and nothing for no command', () => {
    expect(tellingLine(['pip install x', 'printenv'])).toBe('pip install x');
    expect(tellingLine([])).toBe('');
    expect(tellingLine(['# a comment\npython train.py'])).toBe('python train.py');
  });
});
