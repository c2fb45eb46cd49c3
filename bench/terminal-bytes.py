"""Run a command in a pseudo-terminal of 80x24 and count the bytes it writes to it."""
import fcntl, os, pty, struct, sys, termios
cols, rows = int(os.environ.get("COLS", "80")), int(os.environ.get("ROWS", "24"))
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
total = 0
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    total += len(data)
_, status = os.waitpid(pid, 0)
print(f"bytes written to the terminal: {total}; exit status {os.waitstatus_to_exitcode(status)}")
