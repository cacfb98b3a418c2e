/**
 * The renderer's one way to the engine: `window.pipewright` (Electron's preload) when present,
 * otherwise the loopback host (browser mode) authenticated with the token from the URL fragment.
 * Either way every result and event is checked against the shared contract before use.
 */
import {
  API,
  API_CALL_PREFIX,
  API_EVENTS_PATH,
  apiErrorSchema,
  apiEventSchema,
  TOKEN_PROTOCOL_PREFIX,
  type ApiEvent,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type PipewrightApi,
  type PipewrightBridge,
} from '../../../shared/api/contract.ts';

declare global {
  interface Window {
    pipewright?: PipewrightBridge;
  }
}

export class ApiCallError extends Error {}

function checked<M extends ApiMethod>(method: M, value: unknown): ApiResult<M> {
  const parsed = API[method].result.safeParse(value);
  if (!parsed.success) throw new ApiCallError(`${method}: the engine answered in an unexpected shape`);
  return parsed.data as ApiResult<M>;
}

function bridgeApi(bridge: PipewrightBridge): PipewrightApi {
  return {
    async call(method, params) {
      const handled = (await bridge.call(method, params)) as { ok?: boolean; result?: unknown; error?: unknown };
      if (handled.ok === true) return checked(method, handled.result);
      const error = apiErrorSchema.safeParse(handled.error);
      throw new ApiCallError(error.success ? error.data.error : `${method} failed`);
    },
    subscribe(listener) {
      return bridge.onEvent((payload) => {
        const event = apiEventSchema.safeParse(payload);
        if (event.success) listener(event.data);
      });
    },
  };
}

function hostApi(token: string): PipewrightApi {
  const listeners = new Set<(event: ApiEvent) => void>();
  let socket: WebSocket | undefined;
  let retry = 250;
  const connect = (): void => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API_EVENTS_PATH}`;
    const ws = new WebSocket(url, ['pipewright', `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    socket = ws;
    ws.onopen = () => (retry = 250);
    ws.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const event = apiEventSchema.safeParse(data);
      if (event.success) for (const listener of listeners) listener(event.data);
    };
    // The host may restart (or the tunnel drop): reconnect with a growing pause while anyone listens.
    ws.onclose = () => {
      socket = undefined;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 5000)));
    };
  };
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      const response = await fetch(`${API_CALL_PREFIX}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) return checked(method, body);
      const error = apiErrorSchema.safeParse(body);
      throw new ApiCallError(error.success ? error.data.error : `${method}: the host answered ${response.status}`);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}

export function connectApi(): PipewrightApi {
  if (window.pipewright) return bridgeApi(window.pipewright);
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return hostApi(token);
}
