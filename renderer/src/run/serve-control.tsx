/** An endpoint's ▶ Serve, or, while it is served, its link and ■ Stop (a run's deployment node, an endpoint's panel). */
export function ServeControl({ url, busy, canServe = true, title, onServe, onStop }: { url: string | undefined; busy: boolean; canServe?: boolean; title?: string; onServe: () => void; onStop: () => void }) {
  return url ? (
    <>
      <a href={url} target="_blank" rel="noreferrer">
        {url}
      </a>
      <button type="button" disabled={busy} onClick={onStop}>
        ■ Stop
      </button>
    </>
  ) : (
    <button type="button" className="run" disabled={busy || !canServe} onClick={onServe} title={title}>
      ▶ Serve
    </button>
  );
}
