//! Where the command line prints: the process's standard output and error, or buffers a test reads.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard};

type Sink = Arc<Mutex<Box<dyn Write + Send>>>;

/// The standard output and error of a command, shared by the threads that run stacks in parallel: each
/// line is written whole, so lines of two stacks never mix.
///
/// ```
/// use konductor::cli::Console;
/// let (console, printed) = Console::capture();
/// drop(console);
/// assert_eq!(printed.stdout(), "");
/// ```
#[derive(Clone)]
pub struct Console {
    out: Sink,
    err: Sink,
    terminal: bool,
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console").field("terminal", &self.terminal).finish_non_exhaustive()
    }
}

/// What a [`Console::capture`] console printed.
#[derive(Clone, Debug, Default)]
pub struct Captured {
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

impl Captured {
    /// Everything printed to standard output so far.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.out)).into_owned()
    }

    /// Everything printed to standard error so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.err)).into_owned()
    }
}

struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Console {
    /// The process's standard output and error.
    pub fn stdio() -> Console {
        Console {
            out: Arc::new(Mutex::new(Box::new(io::stdout()))),
            err: Arc::new(Mutex::new(Box::new(io::stderr()))),
            terminal: io::stdout().is_terminal(),
        }
    }

    /// A console printing into buffers, and the handle to read them.
    pub fn capture() -> (Console, Captured) {
        let captured = Captured::default();
        let console = Console {
            out: Arc::new(Mutex::new(Box::new(Buffer(captured.out.clone())))),
            err: Arc::new(Mutex::new(Box::new(Buffer(captured.err.clone())))),
            terminal: false,
        };
        (console, captured)
    }

    /// Whether standard output is a terminal (Terraform's colours are kept only then).
    pub(crate) fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// Prints `line` and a newline to standard output. A closed pipe is not an error worth stopping for.
    pub(crate) fn out_line(&self, line: &str) {
        let mut out = lock(&self.out);
        let _ = out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n"));
    }

    /// Prints `line` and a newline to standard error.
    pub(crate) fn err_line(&self, line: &str) {
        let mut err = lock(&self.err);
        let _ = err.write_all(line.as_bytes()).and_then(|()| err.write_all(b"\n"));
    }

    /// Prints `text` as it is to standard output.
    pub(crate) fn out_text(&self, text: &[u8]) {
        let _ = lock(&self.out).write_all(text);
    }

    /// Flushes both streams.
    pub(crate) fn flush(&self) {
        let _ = lock(&self.out).flush();
        let _ = lock(&self.err).flush();
    }
}
