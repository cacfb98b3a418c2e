import type { YamlPath } from '../diagnostic.ts';

export const KEEP_DIRECTORIES = ['none', 'full', 'suffix'] as const;
export type KeepDirectories = (typeof KEEP_DIRECTORIES)[number];

export const DOWNLOAD_MODES = ['always', 'on-demand'] as const;
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

export interface Input {
  readonly path: YamlPath;
  readonly name: string;
  /** URLs or paths; empty when the input has no default (an edge or an override must fill it). */
  readonly defaults: readonly string[];
  /** Whether the item had a `default` key at all (an override without one clears the step's). */
  readonly defaultSet: boolean;
  readonly optional: boolean;
  readonly description?: string;
  readonly filename?: string;
  /** `true` in YAML means `full`. */
  readonly keepDirectories: KeepDirectories;
  readonly download: DownloadMode;
}

export interface Output {
  readonly path: YamlPath;
  readonly name: string;
  readonly description?: string;
}
