/**
 * The launcher: a small Python process that starts executions on the runner's behalf.
 *
 * Why it exists: Node's spawn forks the whole runner (its cost grows with the runner's memory,
 * 2–3 ms here) and blocks the runner's thread until exec. This process is small, starts each
 * command with posix_spawn (vfork + exec, ~0.1 ms), reaps it and reports back on a pipe. It is
 * kept as source text (handed to `python3 -c` through the environment), so the CLI, the tests and
 * the bundled Electron main process all find it without a file to ship.
 *
 * Protocol, one line each way per message:
 *   runner → launcher   {"id", "file", "args", "cwd", "env"} as JSON
 *   launcher → runner   `r` (ready) · `s ID PID` (started) · `f ID "why"` (could not start) ·
 *                       `x ID CODE SIGNAL` (exited; `-` for the one that does not apply)
 * Each execution's stdout and stderr are Unix-socket connections to the runner's private socket,
 * opened before the command starts and introduced by a line `TOKEN ID o|e`, so the runner reads
 * them exactly as it reads a pipe (Node's own child pipes are socket pairs too).
 *
 * Every execution gets a process group of its own. When the command exits, the launcher kills
 * what is left of its group (as a container would); when the runner goes away (its pipe closes,
 * even after SIGKILL) or the launcher is told to stop, it kills every group still running.
 *
 * A process can leave its group (`setsid`, a daemon's double fork) and so outlive the command:
 * holding the command's stdout, it kept the run waiting for its end. The launcher is the
 * child subreaper of what it starts (Linux's PR_SET_CHILD_SUBREAPER), so such a process, once its
 * parent is gone, becomes the launcher's child; each command's processes carry the variable
 * PIPEWRIGHT_EXECUTION_TAG (as Jenkins marks a build's), by which the launcher kills those of an
 * execution that has ended, as a container's end would.
 */
/** What `python3 -c` runs: the source itself comes in the environment (and leaves it). */
export const LAUNCHER_BOOT = "import os; exec(os.environ.pop('PIPEWRIGHT_LAUNCHER_SOURCE'))";

export const LAUNCHER_SOURCE = String.raw`
import ctypes, json, os, select, signal, socket, sys

if not hasattr(os, 'posix_spawn'):
    sys.exit(3)  # Python < 3.8: the runner starts processes itself
# What the runner's own parent left open and inheritable (a shell's exec 3>file, a CI harness's or
# an editor's pipe) is no step's business: a step's daemon holding such a pipe kept whoever reads it
# waiting. Steps start with stdin, stdout and stderr only, as in a container.
try:
    for fd in [int(name) for name in os.listdir('/proc/self/fd')]:
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass  # the listing's own, closed already
except (OSError, ValueError):
    pass  # no /proc: what is inherited stays
token = os.environ.pop('PIPEWRIGHT_LAUNCHER_TOKEN', '').encode()
address = sys.argv[2]  # argv: -c pipewright-launcher ADDRESS
defaults = [s for s in range(1, 32) if s not in (signal.SIGKILL, signal.SIGSTOP)]
live = {}
me = os.getpid()
TAG = b'PIPEWRIGHT_EXECUTION_TAG='
try:
    subreaper = ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER (Linux)
except Exception:
    subreaper = False

def children():
    try:
        with open('/proc/%d/task/%d/children' % (me, me)) as listing:
            return [int(pid) for pid in listing.read().split()]
    except (OSError, ValueError):
        return []

def tag_of(pid):
    try:
        with open('/proc/%d/environ' % pid, 'rb') as environ:
            items = environ.read().split(b'\0')
    except OSError:
        return None  # gone, or not ours to read
    return next((item[len(TAG):] for item in items if item.startswith(TAG)), b'')

def kill_tree(pid):
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)  # it leads a group of its own (setsid): all of it
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

def sweep():
    # What outlived its execution, left its group, and came to this launcher when its parent died.
    # (Its own children come here in turn when it dies: each reap sweeps again.)
    if not subreaper:
        return
    running = set(live.values())
    for pid in children():
        if pid in live:
            continue
        tag = tag_of(pid)
        # Untagged (it cleared its environment): whose it is cannot be told, so once none runs.
        if tag is None or tag in running or (tag == b'' and live):
            continue
        kill_tree(pid)

def stop_all(*_):
    for pid in list(live):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in children():
        kill_tree(pid)
    os._exit(0)

def send(line):
    try:
        os.write(1, line)
    except OSError:
        stop_all()  # the runner is gone

signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's ^C is for the runner to handle
signal.signal(signal.SIGTERM, stop_all)
signal.signal(signal.SIGHUP, stop_all)
wake_r, wake_w = os.pipe()
os.set_blocking(wake_r, False)
os.set_blocking(wake_w, False)
signal.set_wakeup_fd(wake_w)
signal.signal(signal.SIGCHLD, lambda *_: None)
here = os.getcwd()

def reap():
    # (Every child, not only the commands: what came here as an orphan is reaped too.)
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        ident = live.pop(pid, None)
        try:
            os.killpg(pid, signal.SIGKILL)  # what the command left running goes with it
        except OSError:
            pass
        if ident is None:
            continue
        if os.WIFSIGNALED(status):
            send(b'x %s - %d\n' % (ident, os.WTERMSIG(status)))
        else:
            send(b'x %s %d -\n' % (ident, os.WEXITSTATUS(status)))
    sweep()

def start(line):
    global here
    streams = []
    try:
        request = json.loads(line)
        ident = str(request['id']).encode()
    except Exception:
        return  # not a request from the runner
    try:
        for name in (b'o', b'e'):
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            streams.append(connection)
            connection.connect(address)
            connection.sendall(b'%s %s %s\n' % (token, ident, name))
        if request['cwd'] != here:
            os.chdir(request['cwd'])
            here = request['cwd']
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, streams[0].fileno(), 1),
            (os.POSIX_SPAWN_DUP2, streams[1].fileno(), 2),
        ]
        env = request['env']
        env['PIPEWRIGHT_EXECUTION_TAG'] = ident.decode()
        pid = os.posix_spawn(request['file'], request['args'], env, file_actions=actions, setpgroup=0, setsigdef=defaults, setsigmask=())
    except Exception as error:  # OSError, and bad values (a NUL in an argument, text not encodable)
        send(b'f %s %s\n' % (ident, json.dumps(str(error)).encode()))
        return
    finally:
        for connection in streams:
            connection.close()
    live[pid] = ident
    send(b's %s %d\n' % (ident, pid))

send(b'r\n')
pending = b''
while True:
    ready = select.select([0, wake_r], [], [])[0]
    if wake_r in ready:
        try:
            os.read(wake_r, 4096)
        except BlockingIOError:
            pass
        reap()
    if 0 in ready:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            stop_all()
        lines = (pending + chunk).split(b'\n')
        pending = lines.pop()
        for line in lines:
            if line:
                start(line)
`;
