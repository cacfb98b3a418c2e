/**
 * A node's actions: when (node-starting / node-complete / node-error), if (conditions on
 * metadata and parameters, checked by the shared expression parser as you type, with the known
 * metadata keys offered) and then (stop, error, require approval, noop).
 */
import { useEffect, useId, useState } from 'react';
import { parseExpression } from '../../../shared/expression/parse.ts';
import type { ActionInput } from '../../../shared/valohai/edit/node-edits.ts';
import { ACTION_THENS, ACTION_WHENS, type Action } from '../../../shared/valohai/model/action.ts';

function ActionRow({ action, index, keys, onSave, onRemove }: { action: ActionInput; index: number; keys: readonly string[]; onSave: (a: ActionInput) => void; onRemove: () => void }) {
  const listId = useId();
  const [condition, setCondition] = useState(action.if.join(' and '));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setCondition(action.if.join(' and ')), [action]);
  const saveCondition = (): void => {
    const trimmed = condition.trim();
    if (trimmed === action.if.join(' and ')) return setError(undefined);
    if (trimmed !== '') {
      const parsed = parseExpression(trimmed);
      if (!parsed.ok) return setError(parsed.message);
    }
    setError(undefined);
    onSave({ ...action, if: trimmed === '' ? [] : [trimmed] });
  };
  return (
    <fieldset className="action" data-testid={`action-${index}`}>
      <legend>Action {index + 1}</legend>
      <div className="field">
        <label>when</label>
        <div className="chips">
          {ACTION_WHENS.map((when) => (
            <label key={when} className="chip">
              <input
                type="checkbox"
                checked={action.when.includes(when)}
                onChange={(e) => onSave({ ...action, when: e.target.checked ? [...action.when, when] : action.when.filter((w) => w !== when) })}
              />
              {when}
            </label>
          ))}
        </div>
      </div>
      <div className={`field ${error ? 'invalid' : ''}`}>
        <label htmlFor={`${listId}-if`}>if</label>
        <input
          id={`${listId}-if`}
          list={listId}
          value={condition}
          placeholder="always (e.g. metadata.accuracy < 0.6)"
          aria-invalid={error !== undefined}
          onChange={(e) => setCondition(e.target.value)}
          onBlur={saveCondition}
          onKeyDown={(e) => e.key === 'Enter' && saveCondition()}
        />
        <datalist id={listId}>
          {keys.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${listId}-then`}>then</label>
        <select id={`${listId}-then`} value={action.then[0] ?? 'noop'} onChange={(e) => onSave({ ...action, then: [e.target.value] })}>
          {ACTION_THENS.map((then) => (
            <option key={then} value={then}>
              {then}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="link danger" onClick={onRemove}>
        remove action
      </button>
    </fieldset>
  );
}

export function ConditionsEditor({ actions, keys, onSet }: { actions: readonly Action[]; keys: readonly string[]; onSet: (index: number | 'new', action: ActionInput | undefined) => void }) {
  return (
    <div className="conditions">
      {actions.map((action, i) => (
        <ActionRow key={i} index={i} action={action} keys={keys} onSave={(a) => onSet(i, a)} onRemove={() => onSet(i, undefined)} />
      ))}
      <button type="button" className="secondary" onClick={() => onSet('new', { when: ['node-complete'], if: [], then: ['stop-pipeline'] })}>
        + Add condition
      </button>
    </div>
  );
}
