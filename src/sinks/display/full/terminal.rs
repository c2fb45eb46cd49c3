//! Taking the terminal over and always giving it back: raw mode, the alternate screen and a
//! hidden cursor are undone when the guard drops (the session ended, was quit or signalled)
//! and by a panic hook, whichever comes first. Restoring twice does nothing the second time.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// True while this process has the terminal in raw mode on the alternate screen.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Holds the terminal in full-screen mode; dropping it puts the terminal back.
#[derive(Debug)]
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Switches to raw mode and the alternate screen, with the cursor hidden.
    pub fn take() -> io::Result<Self> {
        install_panic_hook();
        TAKEN.store(true, Ordering::SeqCst);
        let taken =
            enable_raw_mode().and_then(|()| execute!(io::stdout(), EnterAlternateScreen, Hide));
        match taken {
            Ok(()) => Ok(Self(())),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was, if this process had taken it. Safe to call from any
/// thread and more than once.
pub fn restore() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        // Each step is tried even if one fails: a terminal that is gone (SIGHUP) fails them all,
        // and one that is still there must get all of them.
        let mut out = io::stdout();
        let _ = execute!(out, Show, LeaveAlternateScreen);
        let _ = out.flush();
        let _ = disable_raw_mode();
    }
}

/// Restores the terminal before the panic message is printed, so the message is readable
/// and the shell is usable afterwards.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
