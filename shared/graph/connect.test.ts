import { describe, expect, it } from 'vitest';
import { canConnect } from './connect.ts';

const exec = (socketType: Parameters<typeof canConnect>[0]['socketType']) => ({ nodeType: 'execution' as const, socketType });

describe('the connection rule', () => {
  it('allows the eight meaningful kinds', () => {
    expect(canConnect(exec('output'), exec('input'))).toEqual({ ok: true, kind: 'output->input' });
    expect(canConnect(exec('metadata'), exec('parameter'))).toEqual({ ok: true, kind: 'metadata->parameter' });
    expect(canConnect(exec('output'), { nodeType: 'deployment', socketType: 'file' })).toEqual({ ok: true, kind: 'output->file' });
    expect(canConnect({ nodeType: 'deployment', socketType: 'deployment' }, exec('parameter'))).toMatchObject({ ok: true });
    expect(canConnect(exec('environment-variable'), exec('environment-variable'))).toMatchObject({ ok: true });
    expect(canConnect(exec('dependency'), exec('dependency'))).toMatchObject({ ok: true });
  });

  it('refuses an edge from a metadata port into an input, with the reason', () => {
    const verdict = canConnect(exec('metadata'), exec('input'));
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('an input takes files') as unknown });
  });

  it('refuses file sockets outside deployment nodes and outputs as targets', () => {
    expect(canConnect(exec('output'), exec('file'))).toMatchObject({ ok: false });
    expect(canConnect(exec('input'), exec('output'))).toMatchObject({ ok: false, reason: expect.stringContaining('source') as unknown });
  });
});
