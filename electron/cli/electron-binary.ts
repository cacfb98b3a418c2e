/** Where Electron's binary is, when its package could download it (not on every machine). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
