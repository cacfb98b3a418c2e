/**
 * Ways out of a failure a run here causes where Valohai's would not (the step's commands run on
 * this machine, not in its image), read from the failed execution's last lines: the CLI prints
 * them under the failure, the editor under the node's error. `onPath` says whether a program is
 * on this machine's PATH, where that can be told (the CLI); elsewhere it is not asked.
 */
/** What a step writing into a file it was handed (or a copy that kept its mode) prints. */
const READ_ONLY = /Permission denied|PermissionError|EACCES|readonly database|read-only file/i;
/** A path in Valohai's fixed folders, in a line that says it was not there. */
const FIXED_FOLDER = /\/valohai\/(inputs|outputs|config|repository)\b/;
const NOT_THERE = /No such file|FileNotFoundError|ENOENT|not found|does not exist|cannot (open|stat|access)/i;

/** The way to what the step's image has, in the CLI's words and the editor's. */
const IN_ITS_IMAGE = 'run the step in its image: pipewright run --container, or "Run each step in its image" under Run with…';

/** How the Python hook's note under an error begins (python-paths.ts): `(a run here has /valohai/x at /…/x)`. */
export const MAPPED_PATH_NOTE = 'a run here has';

/**
 * Files from upstream nodes are read-only (one file with the upstream's output), and so is a copy
 * that keeps its mode (`cp`, `shutil.copy`); code that names `/valohai/...` itself finds nothing;
 * a command, a module or pip's right to install may be missing here where the image had them.
 * `inImage`: it ran in its step's image (`--container`), where only what the image lacks is said.
 */
export function hintsFor(lines: readonly string[], onPath: (name: string) => boolean = () => false, inImage = false): string[] {
  const hints: string[] = [];
  if (lines.some((line) => READ_ONLY.test(line))) {
    hints.push('files from upstream nodes are read-only (each is the upstream output itself); copy one without its mode (shutil.copyfile, cp --no-preserve=mode) to change it');
  }
  const distributed = lines.some((line) => /distributed\.(json|yaml)/.test(line) && NOT_THERE.test(line));
  if (distributed) {
    hints.push('config/distributed.json is written for the workers of a distributed task: add a task with type: distributed and execution-count: N for this step, and run it with pipewright run --task NAME (or as a task node)');
  }
  const unreached = firstMatch(lines, PIP_NOT_FOUND);
  if (unreached !== undefined && lines.some((line) => OFFLINE.test(line))) {
    const where = inImage ? "the container's pip" : 'pip';
    hints.push(`${where} could not reach its package index (no connection, or its host name did not resolve), so "${unreached}" was not found: install the step's packages ${inImage ? 'into its image' : 'here once while online (pip then finds them installed and asks the index nothing)'}, or point pip at an index or wheels this machine has (PIP_INDEX_URL, PIP_FIND_LINKS)`);
  }
  const cloned = lines.map((line) => /fatal: destination path '([^']+)' already exists/.exec(line)?.[1]).find((f) => f !== undefined);
  if (cloned !== undefined) {
    hints.push(`git clone found ${cloned} there from an earlier run: a run here works in the project folder itself (Valohai gives each execution a fresh copy of the code); delete ${cloned}, or write [ -d ${cloned} ] || git clone … in the command`);
  }
  if (lines.some((line) => /\[: .*unexpected operator/.test(line))) {
    hints.push(`a test [ … ] compared with ==, which is bash's: /bin/sh ${inImage ? 'in its image' : 'here'} (dash) knows only =, so the test was false; write [ A = B ]`);
  }
  const made = lines.map((line) => /mkdir: cannot create directory [‘'"`]?([^’'"`]+?)[’'"`]?: File exists/.exec(line)?.[1]).find((f) => f !== undefined);
  if (made !== undefined) {
    hints.push(`${made} is already there: a run here works in the project folder itself, where what an earlier run made stays (Valohai gives each execution a fresh copy of the code); write mkdir -p, which leaves a folder that is there as it is, or delete it`);
  }
  if (inImage) return [...hints, ...imageHints(lines)];
  // (Python's own opens of /valohai/... are mapped: an error there says where the path is here, and the file is what is missing.)
  const mapped = lines.some((line) => line.includes(`(${MAPPED_PATH_NOTE} /valohai/`));
  if (!distributed && !mapped && lines.some((line) => FIXED_FOLDER.test(line) && NOT_THERE.test(line))) {
    hints.push("the step's code names Valohai's fixed folders (/valohai/inputs, /valohai/outputs…); a run here puts each execution's elsewhere: read $VH_INPUTS_DIR, $VH_OUTPUTS_DIR, $VH_CONFIG_DIR (valohai-utils does)");
  }
  const imageFile = IMAGE_FILE.map((pattern) => firstMatch(lines, pattern)).find((path) => path !== undefined && !path.startsWith('/valohai/'));
  if (imageFile !== undefined) {
    hints.push(`${imageFile} is not on this machine: a file outside the project that the step's image likely has (Valohai runs the command in it); ${IN_ITS_IMAGE}`);
  }
  const missing = firstMatch(lines, COMMAND_NOT_FOUND);
  if (missing !== undefined && BASH_ONLY.has(missing)) {
    hints.push(`"${missing}" is bash's, and the step's commands run under /bin/sh, which here does not know it (dash, as on Debian and Ubuntu): ${bashInstead(missing)}`);
  } else if (missing === 'nvidia-smi') {
    hints.push(`"nvidia-smi" comes with NVIDIA's GPU driver, which this machine lacks: here the step has no GPU; take the nvidia-smi line out to run it without, or run it on a machine with an NVIDIA GPU`);
  } else if (missing) {
    const instead = missing === 'python' && onPath('python3') ? ', or call python3 (which is here)' : missing === 'pip' && onPath('pip3') ? ', or call pip3 (which is here)' : '';
    hints.push(`"${missing}" is not a command on this machine: a run here runs the step's commands on this machine, not in its image; install it here${instead}, or ${IN_ITS_IMAGE}`);
  }
  if (lines.some((line) => /externally-managed-environment/.test(line))) {
    hints.push("this machine's Python refuses pip installs into itself (PEP 668): make a virtual environment (python3 -m venv .venv && . .venv/bin/activate) and run from that shell; in the step's image the install would have gone into the container");
  }
  if (lines.some((line) => /VH_API_TOKEN/.test(line) && /KeyError|not set|unbound|None|missing|required/i.test(line))) {
    hints.push("the step calls Valohai's API with VH_API_TOKEN, which Valohai can give its executions; a run here passes it only from the shell that starts the run (export VH_API_TOKEN=… with a token from your Valohai account), and what it changes is on Valohai, not here");
  }
  const module = firstMatch(lines, MODULE_NOT_FOUND);
  if (module) {
    hints.push(`Python module "${module}" is not installed where the command runs: a run here uses this machine's Python, not the step's image; install it there (pip install ${packageOf(module)}, or in the virtual environment the command uses), or ${IN_ITS_IMAGE}`);
  }
  return hints;
}

/** In its image, as on Valohai: a command or a module the image lacks. */
function imageHints(lines: readonly string[]): string[] {
  const hints: string[] = [];
  const missing = firstMatch(lines, COMMAND_NOT_FOUND);
  if (missing !== undefined && BASH_ONLY.has(missing)) hints.push(`"${missing}" is bash's, and the step's commands run under /bin/sh, which in its image does not know it: ${bashInstead(missing)}`);
  else if (missing === 'nvidia-smi') hints.push(`NVIDIA's container toolkit puts "nvidia-smi" in a container together with the GPUs it gives, and the step's container got neither: run it on a machine with an NVIDIA GPU and the toolkit, or take the nvidia-smi line out`);
  else if (missing) hints.push(`"${missing}" is not a command in the step's image: use an image that has it, or install it in the command`);
  const module = firstMatch(lines, MODULE_NOT_FOUND);
  if (module) hints.push(`Python module "${module}" is not installed in the step's image: use an image that has it, or pip install ${packageOf(module)} in the command (before the line that needs it)`);
  return hints;
}

/** The first line's first group that `pattern` matches. */
function firstMatch(lines: readonly string[], pattern: RegExp): string | undefined {
  // (The first group that took part: a pattern of alternatives has one each.)
  return lines.map((line) => pattern.exec(line)?.slice(1).find((group) => group !== undefined)).find((found) => found !== undefined);
}

const MODULE_NOT_FOUND = /ModuleNotFoundError: No module named '([\w.]+)'/;

/** pip's words for a requirement it found no file for; offline, a pinned one it could not reach says it has conflicts (`torch==2.2.1+cu118` from an --index-url). */
const PIP_NOT_FOUND = /No matching distribution found for ([^\s;]+)|Cannot install ([^\s;]+) because these package versions have conflicting dependencies/;
/** A connection it could not make. */
const OFFLINE = /NewConnectionError|Name or service not known|Temporary failure in name resolution|Network is unreachable|Failed to establish a new connection|ProxyError|ConnectTimeoutError/;

/** A program or script named by an absolute path that is not there: Python's, sh's, bash's and Rscript's words. */
const IMAGE_FILE = [/can't open file '(\/[^']+)'/, /^(?:\/bin\/)?sh: \d+: (\/[^\s:]+): not found/, /bash: (\/[^\s:]+): No such file or directory/, /Fatal error: cannot open file '(\/[^']+)'/];

/** The package that installs a module, where its name differs (`cv2` comes with opencv-python). */
const PACKAGES: Readonly<Record<string, string>> = { valohai: 'valohai-utils', dateutil: 'python-dateutil', absl: 'absl-py', umap: 'umap-learn', zmq: 'pyzmq', faiss: 'faiss-cpu', git: 'GitPython', Bio: 'biopython', OpenSSL: 'pyopenssl', mpl_toolkits: 'matplotlib', 'google.protobuf': 'protobuf', cv2: 'opencv-python', sklearn: 'scikit-learn', PIL: 'pillow', yaml: 'pyyaml', skimage: 'scikit-image', bs4: 'beautifulsoup4', dotenv: 'python-dotenv', hydra: 'hydra-core', attr: 'attrs', jwt: 'pyjwt', Crypto: 'pycryptodome', fitz: 'pymupdf', docx: 'python-docx', magic: 'python-magic', serial: 'pyserial' };

function packageOf(module: string): string {
  const [top = module, second] = module.split('.');
  return PACKAGES[`${top}.${second}`] ?? PACKAGES[top] ?? top;
}

function bashInstead(word: string): string {
  return word === 'source' ? 'write "." for "source" (. .venv/bin/activate)' : `run that line with bash -c '…'`;
}

/** Bash's own words, which a POSIX sh (dash) reports as commands it cannot find. */
const BASH_ONLY = new Set(['source', '[[', 'pushd', 'popd', 'shopt', 'declare', 'typeset', 'mapfile', 'readarray', 'complete']);

/** What sh and bash print for a command they cannot find (`sh: 1: python: not found`). */
const COMMAND_NOT_FOUND = /: ([^\s:/]+): (?:command )?not found\s*$/;
