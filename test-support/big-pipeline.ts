/**
 * A generated pipeline of any size for the canvas's scale spec and benchmark: `layers` columns of
 * `width` nodes, each fed files by the node before it in its row and a metadata value from a
 * node of the row above, running three steps with parameters, inputs and outputs.
 */
export function bigPipelineYaml(layers: number, width: number): string {
  const lines = [
    '# A generated pipeline for scale tests.',
    '- step:',
    '    name: work',
    '    image: python:3.12-slim',
    '    command: python3 work.py {parameters}',
    '    parameters:',
    '      - {name: level, type: integer, default: 0}',
    '      - {name: rate, type: float, default: 0.5, min: 0, max: 1}',
    '      - {name: fast, type: flag, default: false}',
    '    inputs:',
    '      - {name: data, optional: true}',
    '      - {name: model, optional: true}',
    '- pipeline:',
    '    name: big',
    '    nodes:',
  ];
  const name = (layer: number, row: number): string => `n${layer}-${row}`;
  for (let layer = 0; layer < layers; layer++) for (let row = 0; row < width; row++) lines.push(`      - {name: ${name(layer, row)}, type: execution, step: work}`);
  lines.push('    edges:');
  for (let layer = 1; layer < layers; layer++) {
    for (let row = 0; row < width; row++) {
      lines.push(`      - [${name(layer - 1, row)}.output.*.csv, ${name(layer, row)}.input.data]`);
      if (row > 0) lines.push(`      - [${name(layer - 1, row - 1)}.metadata.score, ${name(layer, row)}.parameter.rate]`);
    }
  }
  if (layers <= 1) lines.push('      []');
  return `${lines.join('\n')}\n`;
}
