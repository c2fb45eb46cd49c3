//! Signals become session commands: Ctrl-C, SIGTERM and SIGHUP end the session the same
//! way a key would, so it finishes cleanly (summary, event log, terminal restored).

use std::sync::mpsc::Sender;

use super::command::Command;

/// Forwards termination signals to a session until dropped.
pub struct SignalForwarder {
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(unix)]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SignalForwarder {
    /// Starts forwarding SIGINT, SIGTERM and SIGHUP to `commands` as [`Command::Quit`].
    #[cfg(unix)]
    pub fn start(commands: Sender<Command>) -> std::io::Result<Self> {
        use super::command::QuitReason;
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        let handle = signals.handle();
        let thread = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if commands
                        .send(Command::Quit(QuitReason::Signal(signal)))
                        .is_err()
                    {
                        break;
                    }
                }
            })?;
        Ok(Self {
            handle,
            thread: Some(thread),
        })
    }

    /// Elsewhere the default handling stays.
    #[cfg(not(unix))]
    pub fn start(_commands: Sender<Command>) -> std::io::Result<Self> {
        Ok(Self {})
    }
}

impl Drop for SignalForwarder {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            self.handle.close();
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}
