/** `pipewright data`: the names this project's runs gave their outputs (datum:// aliases, dataset:// versions), and what each names now. */
import { openStore } from '../../runner/stored-runs.ts';
import { namedData } from '../../runner/store/datum-index.ts';
import { EXIT_OK, EXIT_USAGE, type Io, printJson, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { localTime } from './inspect.ts';

export function dataCommand(options: { project: string; json: boolean }, io: Io): number {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'data', project.message, EXIT_USAGE);
  const store = openStore(project.dir);
  try {
    const named = namedData(store.db);
    if (options.json) return printJson(io, named), EXIT_OK;
    if (named.aliases.length === 0 && named.datasets.length === 0) {
      io.out('No output of a run here was named yet: a step names one by writing FILE.metadata.json beside FILE in its outputs, with {"valohai.alias": "NAME"} or {"valohai.dataset-versions": ["dataset://NAME/VERSION"]}.\n');
      return EXIT_OK;
    }
    for (const a of named.aliases) {
      const earlier = a.earlier > 0 ? ` (it named ${a.earlier} earlier ${a.earlier === 1 ? 'file' : 'files'})` : '';
      io.out(`datum://${a.alias}  ${a.path} of run ${a.run}, node ${a.node}, ${localTime(a.at)}${earlier}\n`);
    }
    for (const d of named.datasets) {
      const also = d.aliases.length > 0 ? `, also dataset://${d.dataset}/${d.aliases.join(`, dataset://${d.dataset}/`)}` : '';
      io.out(`dataset://${d.dataset}/${d.version}  ${d.files} ${d.files === 1 ? 'file' : 'files'} of run${d.runs.length === 1 ? '' : 's'} ${d.runs.join(', ')}, ${localTime(d.at)}${also}\n`);
    }
    return EXIT_OK;
  } finally {
    store.close();
  }
}
