import { describe, expect, it } from 'vitest';
import { valohaiFoldersIn, valuesWithExecutionFolders, withExecutionFolders } from './valohai-paths.ts';

const folders = { inputs: '/p/.pipewright/executions/1.1/inputs', outputs: '/p/.pipewright/executions/1.1/outputs', config: '/p/.pipewright/executions/1.1/config', repository: '/p' };

describe("Valohai's fixed folders in a command or a parameter", () => {
  it('are taken as the execution’s own, wherever they stand as a whole path', () => {
    expect(withExecutionFolders('tar -xf /valohai/inputs/d/*.tar -C /valohai/inputs/d/ && cp a "/valohai/outputs" --out=/valohai/outputs/m.pkl', folders)).toBe(
      'tar -xf /p/.pipewright/executions/1.1/inputs/d/*.tar -C /p/.pipewright/executions/1.1/inputs/d/ && cp a "/p/.pipewright/executions/1.1/outputs" --out=/p/.pipewright/executions/1.1/outputs/m.pkl',
    );
    expect(withExecutionFolders('cd /valohai/repository', folders)).toBe('cd /p');
  });

  it('leave other paths as they are', () => {
    for (const text of ['/home/x/valohai/inputs', '/valohai/inputsx/a', '/valohai/data', 'valohai/outputs', '$VH_OUTPUTS_DIR/m']) expect(withExecutionFolders(text, folders)).toBe(text);
    expect(valohaiFoldersIn('/valohai/outputs/a /valohai/outputs/b /valohai/config')).toEqual(['outputs', 'config']);
  });

  it('reach strings and lists of strings among parameter values', () => {
    expect(valuesWithExecutionFolders({ a: '/valohai/outputs/m', b: ['/valohai/inputs/x', 'y'], n: 3, f: true }, folders)).toEqual({
      a: '/p/.pipewright/executions/1.1/outputs/m',
      b: ['/p/.pipewright/executions/1.1/inputs/x', 'y'],
      n: 3,
      f: true,
    });
  });
});
