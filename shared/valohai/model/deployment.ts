import type { YamlPath } from '../diagnostic.ts';

/** A top-level `deployment`: defaults for creating it the first time a pipeline references it. */
export interface Deployment {
  readonly path: YamlPath;
  readonly name: string;
  readonly defaults?: Readonly<Record<string, unknown>>;
}
