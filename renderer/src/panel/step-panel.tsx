/** Creating a step, and editing one: image, command (in a shell-highlighting editor), parameters, inputs, environment variables, limits. */
import { useEffect, useState } from 'react';
import { findByName } from '../../../shared/valohai/model/config.ts';
import { addScriptItems, addStep, addStepParameter, removeStepItem, renameStep, setStepKey } from '../../../shared/valohai/edit/step-edits.ts';
import { setParameterDefault } from '../../../shared/valohai/edit/document-edits.ts';
import { commandFor, NEW_STEP_IMAGE, newStepDefaults, stepNameFor } from '../../../shared/valohai/edit/new-step-defaults.ts';
import { CommandEditor } from '../editor/command-editor.tsx';
import { useApi } from '../api/api-context.ts';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { AddItem } from './add-item.tsx';
import { StepInputs } from './step-inputs.tsx';
import { ParameterField } from './parameter-field.tsx';
import { StepEnvironment, StepLimits } from './step-settings.tsx';
import { SubjectProblems } from './subject-problems.tsx';
import { AloneRunSection } from '../run/alone-run-section.tsx';
import { pickedItems, ScriptAdditions, ScriptOutlinePicker, scriptRunBy, useScriptOutline } from './script-outline-picker.tsx';
import { subcommandOf } from './script-outline-items.ts';

export function NewStepPanel() {
  const edit = useEditor((s) => s.edit);
  const scripts = useEditor((s) => s.project?.scripts ?? []);
  const { config } = useImported();
  // The project's own script that no step runs yet, as the form's start (new-step-defaults.ts).
  const [start] = useState(() => newStepDefaults(scripts, config.steps));
  const [name, setName] = useState(start.name);
  const [image, setImage] = useState(NEW_STEP_IMAGE);
  const [command, setCommand] = useState(start.command);
  const [listed, setListed] = useState(scripts);
  // The folder as it is now: a script written since the project opened is the one to start from,
  // unless the form was already typed in.
  const api = useApi();
  useEffect(() => {
    let live = true;
    api.call('project.scripts', {}).then(
      ({ scripts: now }) => {
        if (!live) return;
        setListed(now);
        const fresh = newStepDefaults(now, config.steps);
        setName((typed) => (typed === start.name ? fresh.name : typed));
        setCommand((typed) => (typed === start.command ? fresh.command : typed));
      },
      () => undefined, // the list read at opening stands
    );
    return () => {
      live = false;
    };
  }, []); // once, as the form opens
  // What the script the command runs declares it takes, offered as the step's parameters and inputs.
  const script = scriptRunBy(command, listed);
  const [given, setGiven] = useState(start.name);
  const chosen = script ?? listed.find((s) => command.trim() === commandFor(s)) ?? '';
  const subcommand = subcommandOf(command);
  const { toggle, ...picked } = useScriptOutline(script, subcommand);
  const commands = picked.outline?.commands ?? [];
  /** A script picked (and of a script of several, its command): the command runs it, and a name the form gave follows it (one typed stays). */
  const pick = (file: string, sub?: string): void => {
    const named = stepNameFor(sub !== undefined ? `${sub}.py` : file);
    setName((typed) => (typed === '' || typed === given || typed === start.name || typed === prepared ? named : typed));
    setGiven(named);
    setCommand(commandFor(file, sub));
  };
  const prepared = picked.outline?.step ?? undefined;
  const preparedImage = picked.outline?.image ?? undefined;
  useEffect(() => {
    // valohai.prepare(step=..., image=...) names the step and its image, unless they were typed.
    if (prepared !== undefined && !config.steps.some((s) => s.name === prepared)) setName((typed) => (typed === start.name || typed === given || typed === '' ? prepared : typed));
    if (preparedImage !== undefined) setImage((typed) => (typed === NEW_STEP_IMAGE ? preparedImage : typed));
  }, [prepared, preparedImage]); // when the script's outline arrives
  return (
    <form
      className="panel-body"
      data-testid="new-step-panel"
      onSubmit={(e) => {
        e.preventDefault();
        const { parameters, inputs, environment } = pickedItems(picked);
        // Its parameters reach the script through {parameters}: a command without it gets it.
        const passes = parameters.length === 0 || /\{(parameters|params|parameter:[^}]+)\}/.test(command);
        const run = passes ? command : `${command.trimEnd()} {parameters}`;
        edit((t) => addStep(t, { name: name.trim(), image, command: run, parameters, inputs, environment }), { select: { kind: 'step', name: name.trim() } });
      }}
    >
      <h2>New step</h2>
      <div className="field">
        <label htmlFor="new-step-name">Name</label>
        <input id="new-step-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="new-step-image">Image</label>
        <input id="new-step-image" value={image} onChange={(e) => setImage(e.target.value)} />
      </div>
      {listed.length > 0 && (
        <div className="field">
          <label htmlFor="new-step-script">Script</label>
          <select id="new-step-script" value={chosen} onChange={(e) => e.target.value !== '' && pick(e.target.value)}>
            <option value="">(the command below)</option>
            {listed.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      )}
      {script !== undefined && commands.length > 0 && (
        <div className="field">
          <label htmlFor="new-step-subcommand">{script}&apos;s command</label>
          <select id="new-step-subcommand" value={subcommand !== undefined && commands.includes(subcommand) ? subcommand : ''} onChange={(e) => e.target.value !== '' && pick(script, e.target.value)}>
            <option value="">(pick the one this step runs)</option>
            {commands.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="new-step-command">Command</label>
        <input id="new-step-command" value={command} onChange={(e) => setCommand(e.target.value)} />
      </div>
      {script !== undefined && <ScriptOutlinePicker script={script} picked={picked} toggle={toggle} />}
      <button type="submit" disabled={name.trim() === ''}>
        Create step
      </button>
    </form>
  );
}


export function StepPanel({ name }: { name: string }) {
  const { config } = useImported();
  const edit = useEditor((s) => s.edit);
  const step = findByName(config.steps, name);
  const [image, setImage] = useState(step?.image ?? '');
  const [draftName, setDraftName] = useState(name);
  useEffect(() => setImage(step?.image ?? ''), [step?.image]);
  useEffect(() => setDraftName(name), [name]);
  if (!step) return <div className="panel-body">No step named “{name}”.</div>;
  const rename = (): void => {
    const next = draftName.trim();
    if (next === step.name) return;
    if (!edit((t) => renameStep(t, step.name, next), { select: { kind: 'step', name: next } })) setDraftName(step.name);
  };
  return (
    <div className="panel-body" data-testid="step-panel">
      <h2>Step {step.name}</h2>
      <SubjectProblems about={(s) => s.kind === 'step' && s.step === step.name} />
      <div className="field">
        <label htmlFor="step-name">Name (the nodes and blueprints that run it follow)</label>
        <input id="step-name" value={draftName} onChange={(e) => setDraftName(e.target.value)} onBlur={rename} onKeyDown={(e) => e.key === 'Enter' && rename()} />
      </div>
      <div className="field">
        <label htmlFor="step-image">Image</label>
        <input id="step-image" value={image} onChange={(e) => setImage(e.target.value)} onBlur={() => edit((t) => setStepKey(t, step.name, 'image', image.trim() || undefined))} />
      </div>
      <div className="field">
        <label>Command (one line per command; joined with &&)</label>
        <CommandEditor
          command={step.command.join('\n')}
          onCommit={(text) => {
            const lines = text.split('\n').filter((l) => l.trim() !== '');
            edit((t) => setStepKey(t, step.name, 'command', lines.length === 1 ? lines[0] : lines));
          }}
        />
      </div>
      <h3>Parameters (defaults)</h3>
      {step.parameters.map((p) => (
        <div key={p.name} className="item-with-remove">
          <ParameterField parameter={p} value={p.default} overridden={false} onCommit={(v) => v !== undefined && edit((t) => setParameterDefault(t, step.name, p.name, v))} />
          <button type="button" className="link danger" onClick={() => edit((t) => removeStepItem(t, step.name, 'parameters', p.name))}>
            remove
          </button>
        </div>
      ))}
      <AddItem label="parameter" withType onAdd={(n, type) => edit((t) => addStepParameter(t, step.name, { name: n, type }))} />
      <ScriptAdditions step={step} onAdd={(items) => edit((t) => addScriptItems(t, step.name, items))} />
      <StepInputs step={step} />
      <StepEnvironment step={step} />
      <StepLimits step={step} />
      <AloneRunSection kind="step" name={step.name} />
    </div>
  );
}
