//! Sound output on Linux through `libasound.so.2`, loaded when the program runs rather
//! than linked: building needs no ALSA headers, and the program starts (silently) on a
//! machine with no sound system at all. Used from the player thread only.
//!
//! The device is opened with a buffer of seconds, so that the player can write silence far
//! ahead and sleep; what it wrote ahead can be taken back when a sound is wanted sooner.
//! Plugins that hand sound on to a sound server as it is written cannot rewind it, so there
//! the queue is dropped instead, and only when all of it is silence.
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
/// `SND_PCM_TYPE_IOPLUG` and `SND_PCM_TYPE_EXTPLUG`: plugins outside ALSA (a sound server's
/// among them), which may have passed on what was written already.
const TYPES_THAT_PASS_ON: [c_int; 2] = [28, 29];

type Pcm = c_void;
type SwParams = c_void;
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
    get_params: unsafe extern "C" fn(*mut Pcm, *mut c_ulong, *mut c_ulong) -> c_int,
    sw_params_malloc: unsafe extern "C" fn(*mut *mut SwParams) -> c_int,
    sw_params_current: unsafe extern "C" fn(*mut Pcm, *mut SwParams) -> c_int,
    sw_params_set_start_threshold: unsafe extern "C" fn(*mut Pcm, *mut SwParams, c_ulong) -> c_int,
    sw_params: unsafe extern "C" fn(*mut Pcm, *mut SwParams) -> c_int,
    sw_params_free: unsafe extern "C" fn(*mut SwParams),
    pcm_type: unsafe extern "C" fn(*mut Pcm) -> c_int,
    writei: unsafe extern "C" fn(*mut Pcm, *const c_void, c_ulong) -> c_long,
    recover: unsafe extern "C" fn(*mut Pcm, c_int, c_int) -> c_int,
    delay: unsafe extern "C" fn(*mut Pcm, *mut c_long) -> c_int,
    avail: unsafe extern "C" fn(*mut Pcm) -> c_long,
    rewindable: unsafe extern "C" fn(*mut Pcm) -> c_long,
    rewind: unsafe extern "C" fn(*mut Pcm, c_ulong) -> c_long,
    drop: unsafe extern "C" fn(*mut Pcm) -> c_int,
    prepare: unsafe extern "C" fn(*mut Pcm) -> c_int,
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
                get_params: symbol(&library, b"snd_pcm_get_params\0")?,
                sw_params_malloc: symbol(&library, b"snd_pcm_sw_params_malloc\0")?,
                sw_params_current: symbol(&library, b"snd_pcm_sw_params_current\0")?,
                sw_params_set_start_threshold: symbol(
                    &library,
                    b"snd_pcm_sw_params_set_start_threshold\0",
                )?,
                sw_params: symbol(&library, b"snd_pcm_sw_params\0")?,
                sw_params_free: symbol(&library, b"snd_pcm_sw_params_free\0")?,
                pcm_type: symbol(&library, b"snd_pcm_type\0")?,
                writei: symbol(&library, b"snd_pcm_writei\0")?,
                recover: symbol(&library, b"snd_pcm_recover\0")?,
                delay: symbol(&library, b"snd_pcm_delay\0")?,
                avail: symbol(&library, b"snd_pcm_avail\0")?,
                rewindable: symbol(&library, b"snd_pcm_rewindable\0")?,
                rewind: symbol(&library, b"snd_pcm_rewind\0")?,
                drop: symbol(&library, b"snd_pcm_drop\0")?,
                prepare: symbol(&library, b"snd_pcm_prepare\0")?,
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
    /// How many frames the device's buffer holds.
    capacity: u64,
    /// Whether frames written can be rewound (else only dropped, all together).
    rewinds: bool,
}

impl AlsaOutput {
    /// Opens `device` for `channels` at `rate`, with a buffer of about `buffer_us` (or as
    /// much as the device allows), started by the first frame written.
    pub fn open(
        device: &str,
        rate: u32,
        channels: u32,
        buffer_us: u32,
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
        let mut output = Self {
            api,
            pcm,
            channels: channels as usize,
            capacity: 0,
            rewinds: false,
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
                buffer_us,
            )
        };
        if code < 0 {
            return Err(fail(output.api.describe(code)));
        }
        output.capacity = output.buffer_frames().map_err(&fail)?;
        output.start_on_first_frame().map_err(&fail)?;
        // SAFETY: the handle is open.
        let kind = unsafe { (output.api.pcm_type)(output.pcm) };
        output.rewinds = !TYPES_THAT_PASS_ON.contains(&kind);
        Ok(output)
    }

    /// The size of the buffer the device settled on.
    fn buffer_frames(&self) -> Result<u64, String> {
        let (mut buffer, mut period): (c_ulong, c_ulong) = (0, 0);
        // SAFETY: the handle is open; both places are valid for the call.
        let code = unsafe { (self.api.get_params)(self.pcm, &raw mut buffer, &raw mut period) };
        if code < 0 {
            return Err(self.api.describe(code));
        }
        Ok(buffer)
    }

    /// Playing starts as soon as a frame is written: with the buffer this large, ALSA's
    /// default (a full buffer) would keep a short sound from being heard at all.
    fn start_on_first_frame(&self) -> Result<(), String> {
        let mut params: *mut SwParams = std::ptr::null_mut();
        // SAFETY: the handle is open; `params` is allocated by ALSA, filled from the
        // device's current settings, changed, applied, and freed here and nowhere else.
        let code = unsafe {
            let code = (self.api.sw_params_malloc)(&raw mut params);
            if code < 0 || params.is_null() {
                return Err(self.api.describe(code));
            }
            let mut code = (self.api.sw_params_current)(self.pcm, params);
            if code >= 0 {
                code = (self.api.sw_params_set_start_threshold)(self.pcm, params, 1);
            }
            if code >= 0 {
                code = (self.api.sw_params)(self.pcm, params);
            }
            (self.api.sw_params_free)(params);
            code
        };
        if code < 0 {
            return Err(self.api.describe(code));
        }
        Ok(())
    }

    /// How many frames the device's buffer holds.
    #[must_use]
    pub fn capacity(&self) -> u64 {
        self.capacity
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

    /// How many frames can be written now without waiting (a sound server may take less
    /// than the buffer it was asked for).
    pub fn room(&mut self) -> u64 {
        // SAFETY: the handle is open.
        let avail = unsafe { (self.api.avail)(self.pcm) };
        u64::try_from(avail).unwrap_or(0)
    }

    /// How many frames written are still to be heard (0 when the device cannot tell).
    pub fn queued(&mut self) -> u64 {
        let mut delay: c_long = 0;
        // SAFETY: the handle is open; `delay` is a valid place for the answer.
        let code = unsafe { (self.api.delay)(self.pcm, &raw mut delay) };
        if code < 0 {
            return 0;
        }
        u64::try_from(delay).unwrap_or(0)
    }

    /// Takes back up to `wanted` of the frames written last, which are silence, as are the
    /// last `silent` frames written: they are rewound, or, on a device that cannot rewind,
    /// dropped with everything queued, if all of that is silence. Returns how many frames
    /// the next write comes in place of: those rewound, or `wanted` after a drop (the next
    /// write is then heard at once).
    pub fn take_back(&mut self, wanted: u64, silent: u64) -> u64 {
        if wanted == 0 {
            return 0;
        }
        if self.rewinds {
            // SAFETY: the handle is open; ALSA rewinds no more than it says it can.
            let rewound = unsafe {
                let can = u64::try_from((self.api.rewindable)(self.pcm)).unwrap_or(0);
                (self.api.rewind)(self.pcm, wanted.min(can) as c_ulong)
            };
            return u64::try_from(rewound).unwrap_or(0);
        }
        if self.queued() > silent {
            return 0;
        }
        // SAFETY: the handle is open; dropping and preparing leave it ready to be written.
        let code = unsafe {
            (self.api.drop)(self.pcm);
            (self.api.prepare)(self.pcm)
        };
        if code < 0 { 0 } else { wanted }
    }

    /// Stops at once, dropping whatever is queued.
    pub fn stop(&mut self) {
        // SAFETY: the handle is open.
        unsafe {
            (self.api.drop)(self.pcm);
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
