/**
 * The local runner's metadata rules (`electron/runner/exec/capture.ts`) in Python, for the pods
 * that read what an execution printed (the action check, the metadata values): a JSON object alone
 * on a stdout line is one event, `vh_metadata` is unwrapped, the latest value of each key counts;
 * NaN and ±Infinity (which Python's json writes bare) are the words, as the runner keeps them.
 * `pick_best` is `shared/run/pick.ts`'s rule: the highest (lowest) number, the first on a tie.
 */
export const READ_METADATA = String.raw`import json, math
def metadata_line(line, found):
    line = line.strip()
    if not (line.startswith('{') and line.endswith('}')):
        return False
    try:
        values = json.loads(line)
    except ValueError:
        return False
    if not isinstance(values, dict):
        return False
    inner = values.get('vh_metadata')
    for key, value in (inner if isinstance(inner, dict) else values).items():
        if isinstance(value, float) and not math.isfinite(value):
            value = 'NaN' if value != value else 'Infinity' if value > 0 else '-Infinity'
        found[key] = value
    return True
def read_metadata(path, into=None):
    found = {} if into is None else into
    try:
        lines = open(path, encoding='utf-8', errors='replace')
    except OSError:
        return found
    for line in lines:
        metadata_line(line, found)
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

/**
 * \`shared/expression/evaluate.ts\` in Python: \`evaluate(e, lookup)\` of a parsed expression (its AST
 * as JSON), names read by \`lookup(path)\` (MISSING where there is no value); raises \`Bad\` where a
 * run here says it cannot be evaluated. \`NON_FINITE\`: the words metadata keeps NaN and ±Infinity as.
 */
export const EVALUATE = String.raw`NON_FINITE = {'NaN': float('nan'), 'Infinity': float('inf'), '-Infinity': float('-inf')}
class Bad(Exception):
    pass
MISSING = object()
def kind(v):
    if v is None: return 'null'
    if isinstance(v, bool): return 'boolean'
    if isinstance(v, (int, float)): return 'number'
    return 'string'
def truthy(v):
    return not (v is None or v is False or (kind(v) == 'number' and v == 0) or (kind(v) == 'string' and v == ''))
def same(a, b):
    return kind(a) == kind(b) and a == b
def shown(v):
    return json.dumps(v)
def compare(op, a, b):
    if op == '==': return same(a, b)
    if op == '!=': return not same(a, b)
    if kind(a) != kind(b) or a is None or kind(a) == 'boolean':
        raise Bad('cannot compare %s %s %s' % (shown(a), op, shown(b)))
    return a < b if op == '<' else a <= b if op == '<=' else a > b if op == '>' else a >= b
def arithmetic(op, a, b):
    if op == '+' and kind(a) == 'string' and kind(b) == 'string': return a + b
    if kind(a) != 'number' or kind(b) != 'number':
        raise Bad('cannot compute %s %s %s' % (shown(a), op, shown(b)))
    if op in '/%' and b == 0: raise Bad('division by zero')
    return a + b if op == '+' else a - b if op == '-' else a * b if op == '*' else a / b if op == '/' else math.fmod(a, b)
def evaluate(e, lookup):
    k = e['kind']
    if k == 'literal': return e['value']
    if k == 'name':
        v = lookup(e['path'])
        if v is MISSING: raise Bad('"%s" has no value' % '.'.join(e['path']))
        return v
    if k == 'unary':
        v = evaluate(e['operand'], lookup)
        if e['op'] == 'not': return not truthy(v)
        if kind(v) != 'number': raise Bad('cannot negate %s' % shown(v))
        return -v
    if k == 'binary':
        if e['op'] == 'and': return evaluate(e['right'], lookup) if truthy(evaluate(e['left'], lookup)) else False
        if e['op'] == 'or':
            left = evaluate(e['left'], lookup)
            return left if truthy(left) else evaluate(e['right'], lookup)
        return arithmetic(e['op'], evaluate(e['left'], lookup), evaluate(e['right'], lookup))
    left = evaluate(e['first'], lookup)
    for step in e['rest']:
        right = evaluate(step['right'], lookup)
        if not compare(step['op'], left, right): return False
        left = right
    return True
`;
