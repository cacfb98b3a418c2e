/**
 * `/valohai/…` paths written in a step's Python code, as in a Valohai container: code that opens
 * `/valohai/outputs/model.pkl` or lists `/valohai/inputs/data` itself (rather than through
 * `VH_OUTPUTS_DIR` or valohai-utils) finds the execution's own folders. Commands and parameter
 * values are rewritten before they run (shared/run/valohai-paths.ts); code cannot be, so a
 * `sitecustomize.py` on PYTHONPATH maps the paths as Python opens them: `open`, `io.open`, the `os`
 * functions that take a path (so `os.path`, `shutil`, `glob` and `pathlib` too), and so the
 * libraries that open files through them (pandas, numpy, PIL, torch, json, pickle). Libraries that
 * open files in C themselves (h5py, OpenCV, TensorFlow's gfile) are not reached; their failure
 * hint says to read `$VH_*_DIR`. Nothing is mapped where this machine has a `/valohai` of its own.
 * A `sitecustomize` the hook shadows (Debian's, a conda environment's) is run after it. An error
 * of a mapped call names the path as the code wrote it (`No such file or directory:
 * '/valohai/inputs/data/x.csv'`), as it reads on Valohai.
 *
 * The hook is kept as source text and written to `.pipewright/python/` for each run, so the CLI,
 * the tests and the bundled Electron main process all have it without a file to ship.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MAPPED_PATH_NOTE } from '../../../shared/run/failure-hints.ts';

export const PYTHON_HOOK_SOURCE = String.raw`# Written by Pipewright (electron/runner/exec/python-paths.ts): /valohai/... paths in Python
# code name this execution's own folders, as in a Valohai container.
import os as _os
import sys as _sys


def _pipewright_map_valohai_paths():
    if _os.path.exists('/valohai'):
        return
    table = []
    for name, variable in (('inputs', 'VH_INPUTS_DIR'), ('outputs', 'VH_OUTPUTS_DIR'), ('config', 'VH_CONFIG_DIR'), ('repository', 'VH_REPOSITORY_DIR')):
        target = _os.environ.get(variable)
        if target:
            table.append(('/valohai/' + name, target))
    if not table:
        return
    table_bytes = [(_os.fsencode(prefix), _os.fsencode(target)) for prefix, target in table]

    def mapped(path):
        if isinstance(path, str):
            if path.startswith('/valohai/'):
                for prefix, target in table:
                    if path == prefix or path.startswith(prefix + '/'):
                        return target + path[len(prefix):]
            return path
        if isinstance(path, bytes):
            if path.startswith(b'/valohai/'):
                for prefix, target in table_bytes:
                    if path == prefix or path.startswith(prefix + b'/'):
                        return target + path[len(prefix):]
            return path
        if hasattr(path, '__fspath__'):
            try:
                text = path.__fspath__()
            except Exception:
                return path
            found = mapped(text)
            return path if found is text else found
        return path

    def said_back(error, given):
        # An error names the path as the code wrote it (/valohai/...), as it would read on Valohai.
        back = {}
        for path in given:
            found = mapped(path)
            if found is not path:
                try:
                    back[_os.fspath(found)] = _os.fspath(path)
                except TypeError:
                    pass
        for attribute in ('filename', 'filename2'):
            named = getattr(error, attribute, None)
            if isinstance(named, (str, bytes)) and named in back:
                setattr(error, attribute, back[named])
                if hasattr(error, 'add_note'):  # (Python 3.11+: said under the error in its traceback)
                    error.add_note('(${MAPPED_PATH_NOTE} %s at %s)' % (_os.fsdecode(back[named]), _os.fsdecode(named)))

    def wrap(function, paths):
        def wrapper(*args, **kwargs):
            given = args[:paths] + tuple(kwargs[key] for key in ('file', 'path', 'src', 'dst') if key in kwargs)
            if args:
                args = tuple(mapped(a) if i < paths else a for i, a in enumerate(args))
            for key in ('file', 'path', 'src', 'dst'):
                if key in kwargs:
                    kwargs[key] = mapped(kwargs[key])
            try:
                return function(*args, **kwargs)  # (Pipewright: /valohai/... paths name this execution's folders)
            except OSError as error:
                said_back(error, given)
                raise

        wrapper.__name__ = getattr(function, '__name__', 'wrapper')
        wrapper.__doc__ = getattr(function, '__doc__', None)
        wrapper.__wrapped__ = function
        return wrapper

    import builtins
    import io

    builtins.open = io.open = wrap(io.open, 1)
    for name in ('open', 'stat', 'lstat', 'listdir', 'scandir', 'mkdir', 'makedirs', 'remove', 'unlink', 'rmdir', 'removedirs', 'chdir', 'access', 'utime', 'chmod', 'truncate', 'readlink', 'statvfs'):
        if hasattr(_os, name):
            setattr(_os, name, wrap(getattr(_os, name), 1))
    for name in ('rename', 'replace', 'link', 'symlink', 'renames'):
        if hasattr(_os, name):
            setattr(_os, name, wrap(getattr(_os, name), 2))


def _pipewright_run_shadowed():
    here = _os.path.dirname(_os.path.abspath(__file__))
    for entry in _sys.path:
        if not entry or _os.path.abspath(entry) == here:
            continue
        candidate = _os.path.join(entry, 'sitecustomize.py')
        if _os.path.isfile(candidate):
            import importlib.util

            spec = importlib.util.spec_from_file_location('_pipewright_shadowed_sitecustomize', candidate)
            if spec is not None and spec.loader is not None:
                spec.loader.exec_module(importlib.util.module_from_spec(spec))
            return


try:
    _pipewright_map_valohai_paths()
except Exception:
    pass  # an unusual Python: its code's /valohai paths stay as written, and nothing else changes
_pipewright_run_shadowed()
`;

/** The folder the hook is written to, which each execution's PYTHONPATH starts with (the run decides once: withPythonHook). */
export function pythonHookDir(stateDir: string): string {
  return join(stateDir, 'python');
}

/** Writes the hook where executions find it (once per change of its text). */
export function writePythonHook(stateDir: string): void {
  const dir = pythonHookDir(stateDir);
  const file = join(dir, 'sitecustomize.py');
  if (existsSync(file) && readFileSync(file, 'utf8') === PYTHON_HOOK_SOURCE) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, PYTHON_HOOK_SOURCE);
}

type Env = Readonly<Record<string, string | undefined>>;

/** A run's environment with the hook's folder first on PYTHONPATH, where this machine has no `/valohai` of its own. */
export function withPythonHook(stateDir: string, env: Env): Env {
  if (existsSync('/valohai')) return env;
  return { ...env, PYTHONPATH: [pythonHookDir(stateDir), env['PYTHONPATH']].filter(Boolean).join(delimiter) };
}

/** A step's own PYTHONPATH (its environment-variables), kept behind the hook where the run has it first. */
export function stepPythonPath(stateDir: string, run: Env, step: Env): Record<string, string> {
  const hook = pythonHookDir(stateDir);
  const own = step['PYTHONPATH'];
  if (own === undefined || run['PYTHONPATH']?.split(delimiter)[0] !== hook) return {};
  return { PYTHONPATH: [hook, own].filter(Boolean).join(delimiter) };
}
