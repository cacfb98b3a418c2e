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
 */
/** What `python3 -c` runs: the source itself comes in the environment (and leaves it). */
export const LAUNCHER_BOOT = "import os; exec(os.environ.pop('PIPEWRIGHT_LAUNCHER_SOURCE'))";

export const LAUNCHER_SOURCE = String.raw`
import json, os, select, signal, socket, sys

if not hasattr(os, 'posix_spawn'):
    sys.exit(3)  # Python < 3.8: the runner starts processes itself
token = os.environ.pop('PIPEWRIGHT_LAUNCHER_TOKEN', '').encode()
address = sys.argv[2]  # argv: -c pipewright-launcher ADDRESS
defaults = [s for s in range(1, 32) if s not in (signal.SIGKILL, signal.SIGSTOP)]
live = {}

def stop_all(*_):
    for pid in list(live):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
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
    while live:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
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
        pid = os.posix_spawn(request['file'], request['args'], request['env'], file_actions=actions, setpgroup=0, setsigdef=defaults, setsigmask=())
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
