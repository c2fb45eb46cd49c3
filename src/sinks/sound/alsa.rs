//! Sound output on Linux through `libasound.so.2`, loaded when the program runs rather
//! than linked: building needs no ALSA headers, and the program starts (silently) on a
//! machine with no sound system at all. Used from the player thread only.
//!
//! This is the one module allowed `unsafe`: calling C functions from the loaded library.
//! Each call passes only the handle this module opened (or null before it is) and buffers
//! it owns, with the lengths ALSA asks for.
#![expect(
    unsafe_code,
    reason = "the one place that calls libasound through its C interface"
)]

use std::ffi::{CStr, CString, c_char, c_int, c_long, c_uint, c_ulong, c_void};

use libloading::Library;

/// The library, under the name every distribution installs it as.
const LIBRARY: &str = "libasound.so.2";
const STREAM_PLAYBACK: c_int = 0;
const OPEN_NONBLOCK: c_int = 1;
const FORMAT_S16_LE: c_int = 2;
const ACCESS_RW_INTERLEAVED: c_int = 3;

type Pcm = c_void;
/// ALSA's error handler is variadic; one that ignores every argument may take none of the
/// variable ones (the caller cleans up on the C calling conventions Linux uses).
type ErrorHandler = unsafe extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char);

/// Why the output could not be opened or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// libasound is not installed.
    #[error("the ALSA library ({LIBRARY}) is not installed")]
    NoLibrary,
    /// The device could not be opened or set up.
    #[error("cannot open `{device}` ({reason})")]
    Open { device: String, reason: String },
    /// The device stopped taking sound.
    #[error("the device failed ({reason})")]
    Lost { reason: String },
}

/// The few ALSA functions a player needs, resolved from the loaded library.
struct Api {
    open: unsafe extern "C" fn(*mut *mut Pcm, *const c_char, c_int, c_int) -> c_int,
    nonblock: unsafe extern "C" fn(*mut Pcm, c_int) -> c_int,
    set_params:
        unsafe extern "C" fn(*mut Pcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int,
    writei: unsafe extern "C" fn(*mut Pcm, *const c_void, c_ulong) -> c_long,
    recover: unsafe extern "C" fn(*mut Pcm, c_int, c_int) -> c_int,
    drain: unsafe extern "C" fn(*mut Pcm) -> c_int,
    close: unsafe extern "C" fn(*mut Pcm) -> c_int,
    strerror: unsafe extern "C" fn(c_int) -> *const c_char,
    /// Kept last and kept alive: every function above points into it.
    _library: Library,
}

/// Ignores ALSA's own messages, which would otherwise be printed over the display.
unsafe extern "C" fn quiet(
    _file: *const c_char,
    _line: c_int,
    _function: *const c_char,
    _error: c_int,
    _format: *const c_char,
) {
}

/// A function from the library, as the type `T` it is documented to have.
///
/// # Safety
/// `T` must be the function's true signature, and the library must outlive its use.
unsafe fn symbol<T: Copy>(library: &Library, name: &[u8]) -> Result<T, OutputError> {
    // SAFETY: passed on to the caller.
    unsafe { library.get::<T>(name) }
        .map(|found| *found)
        .map_err(|_| OutputError::NoLibrary)
}

impl Api {
    fn load() -> Result<Self, OutputError> {
        // SAFETY: libasound's initialisers have no preconditions; each symbol is taken
        // with the signature ALSA documents for it (the type of the field it fills).
        unsafe {
            let library = Library::new(LIBRARY).map_err(|_| OutputError::NoLibrary)?;
            let set_handler: unsafe extern "C" fn(Option<ErrorHandler>) -> c_int =
                symbol(&library, b"snd_lib_error_set_handler\0")?;
            set_handler(Some(quiet));
            Ok(Self {
                open: symbol(&library, b"snd_pcm_open\0")?,
                nonblock: symbol(&library, b"snd_pcm_nonblock\0")?,
                set_params: symbol(&library, b"snd_pcm_set_params\0")?,
                writei: symbol(&library, b"snd_pcm_writei\0")?,
                recover: symbol(&library, b"snd_pcm_recover\0")?,
                drain: symbol(&library, b"snd_pcm_drain\0")?,
                close: symbol(&library, b"snd_pcm_close\0")?,
                strerror: symbol(&library, b"snd_strerror\0")?,
                _library: library,
            })
        }
    }

    fn describe(&self, code: c_int) -> String {
        // SAFETY: snd_strerror returns a static string for any code.
        unsafe {
            let text = (self.strerror)(code);
            if text.is_null() {
                format!("error {code}")
            } else {
                CStr::from_ptr(text).to_string_lossy().into_owned()
            }
        }
    }
}

/// An open ALSA playback device taking interleaved 16-bit frames.
pub struct AlsaOutput {
    api: Api,
    pcm: *mut Pcm,
    channels: usize,
}

impl AlsaOutput {
    /// Opens `device` for `channels` at `rate`, with about `latency_us` of buffer.
    pub fn open(
        device: &str,
        rate: u32,
        channels: u32,
        latency_us: u32,
    ) -> Result<Self, OutputError> {
        let api = Api::load()?;
        let fail = |reason: String| OutputError::Open {
            device: device.to_owned(),
            reason,
        };
        let name = CString::new(device).map_err(|_| fail("the name has a NUL in it".into()))?;
        let mut pcm: *mut Pcm = std::ptr::null_mut();
        // SAFETY: `pcm` is a valid place for the handle; `name` lives across the call.
        // Opened without blocking, so a busy device fails at once instead of hanging; then
        // set to block, so writes wait for room.
        let code =
            unsafe { (api.open)(&raw mut pcm, name.as_ptr(), STREAM_PLAYBACK, OPEN_NONBLOCK) };
        if code < 0 || pcm.is_null() {
            return Err(fail(api.describe(code)));
        }
        let output = Self {
            api,
            pcm,
            channels: channels as usize,
        };
        // SAFETY: `pcm` was just opened.
        let code = unsafe {
            (output.api.nonblock)(output.pcm, 0);
            (output.api.set_params)(
                output.pcm,
                FORMAT_S16_LE,
                ACCESS_RW_INTERLEAVED,
                channels,
                rate,
                1,
                latency_us,
            )
        };
        if code < 0 {
            return Err(fail(output.api.describe(code)));
        }
        Ok(output)
    }

    /// Writes whole interleaved frames, waiting for room; recovers from an underrun.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), OutputError> {
        let mut left = samples;
        while !left.is_empty() {
            let frames = (left.len() / self.channels) as c_ulong;
            // SAFETY: `left` holds `frames` whole frames of the format set at open.
            let written = unsafe { (self.api.writei)(self.pcm, left.as_ptr().cast(), frames) };
            if written < 0 {
                let code = c_int::try_from(written).unwrap_or(c_int::MIN);
                // SAFETY: as above; recover restarts the stream after an underrun or suspend.
                let recovered = unsafe { (self.api.recover)(self.pcm, code, 1) };
                if recovered < 0 {
                    return Err(OutputError::Lost {
                        reason: self.api.describe(code),
                    });
                }
                continue;
            }
            let done = usize::try_from(written).unwrap_or(0) * self.channels;
            left = &left[done.min(left.len())..];
        }
        Ok(())
    }

    /// Waits until everything written has been played.
    pub fn drain(&mut self) {
        // SAFETY: the handle is open.
        unsafe {
            (self.api.drain)(self.pcm);
        }
    }
}

impl Drop for AlsaOutput {
    fn drop(&mut self) {
        // SAFETY: the handle is open and is not used again.
        unsafe {
            (self.api.close)(self.pcm);
        }
    }
}
