/**
 * The local runner's metadata rules (`electron/runner/exec/capture.ts`) in Python, for the pods
 * that read what an execution printed (the action check, the metadata values): a JSON object alone
 * on a stdout line is one event, `vh_metadata` is unwrapped, the latest value of each key counts;
 * NaN and ±Infinity (which Python's json writes bare) are the words, as the runner keeps them.
 * `pick_best` is `shared/run/pick.ts`'s rule: the highest (lowest) number, the first on a tie.
 */
export const READ_METADATA = String.raw`import json, math
def read_metadata(path, into=None):
    found = {} if into is None else into
    try:
        lines = open(path, encoding='utf-8', errors='replace')
    except OSError:
        return found
    for line in lines:
        line = line.strip()
        if not (line.startswith('{') and line.endswith('}')):
            continue
        try:
            values = json.loads(line)
        except ValueError:
            continue
        if isinstance(values, dict):
            inner = values.get('vh_metadata')
            for key, value in (inner if isinstance(inner, dict) else values).items():
                if isinstance(value, float) and not math.isfinite(value):
                    value = 'NaN' if value != value else 'Infinity' if value > 0 else '-Infinity'
                found[key] = value
    return found
def pick_best(metas, rule, by):
    best = None
    for i, printed in enumerate(metas):
        value = printed.get(by)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if best is None or (value > best[1] if rule == 'max' else value < best[1]):
            best = (i, value)
    return best
`;
