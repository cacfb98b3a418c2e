import type { YamlPath } from '../diagnostic.ts';
import type { Range } from './environment.ts';

export interface EndpointFile {
  /** Its place in the endpoint's `files` list, for locating diagnostics. */
  readonly index: number;
  readonly name: string;
  readonly path: string;
  readonly description?: string;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** How an endpoint serves: a server command or a WSGI callable, exactly one. */
export type EndpointServer =
  | { readonly kind: 'server-command'; readonly command: readonly string[] }
  | { readonly kind: 'wsgi'; readonly module: string };

export interface Endpoint {
  readonly path: YamlPath;
  readonly name: string;
  readonly image?: string;
  readonly server?: EndpointServer;
  readonly port: number;
  readonly files: readonly EndpointFile[];
  readonly description?: string;
  readonly nodeSelector?: string;
  readonly tolerations: readonly Toleration[];
  readonly resources: {
    readonly cpu: Range;
    readonly memory: Range;
    readonly ephemeralStorage: Range;
    readonly devices: Readonly<Record<string, number>>;
  };
  /** Kubernetes persistent volume claims mounted into the endpoint's pods (valohai-yaml after v0.57.0). */
  readonly sharedVolumes: readonly SharedVolume[];
  readonly workspaceVolume?: WorkspaceVolume;
}

/** A persistent volume claim, mounted at an absolute path; `subPath` is a folder inside the volume. */
export interface SharedVolume {
  /** Its place in the endpoint's `shared-volumes` list, for locating diagnostics. */
  readonly index: number;
  readonly pvcName: string;
  readonly mountPath: string;
  readonly subPath?: string;
}

/** Scratch space of its own for each pod, mounted at an absolute path. */
export interface WorkspaceVolume {
  readonly mountPath: string;
  readonly size?: number | string;
}
