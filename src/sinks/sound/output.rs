//! The sound device, as the player sees it: open by name, write interleaved 16-bit frames
//! (waiting for room), tell how much is queued, take back silence written ahead, stop.
//! ALSA loaded at run time on Linux; rodio's own playback on other systems.

#[cfg(target_os = "linux")]
pub use super::alsa::{AlsaOutput as DeviceOutput, OutputError};

#[cfg(not(target_os = "linux"))]
pub use system::{DeviceOutput, OutputError};

#[cfg(not(target_os = "linux"))]
mod system {
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
    use std::time::Duration;

    use rodio::Source;
    use rodio::stream::{DeviceSinkBuilder, MixerDeviceSink};

    /// Why the output could not be opened or written.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    pub enum OutputError {
        /// The device could not be opened.
        #[error("cannot open `{device}` ({reason})")]
        Open { device: String, reason: String },
        /// The device stopped taking sound.
        #[error("the device failed ({reason})")]
        Lost { reason: String },
    }

    /// The system's default output, fed through a short queue of blocks: writing waits
    /// when the queue is full, as it does on ALSA. (Not built on Linux, so not tested there.)
    pub struct DeviceOutput {
        _sink: MixerDeviceSink,
        blocks: SyncSender<Vec<i16>>,
    }

    impl DeviceOutput {
        /// Opens the default device (other names are for ALSA only).
        pub fn open(
            device: &str,
            rate: u32,
            channels: u32,
            _latency_us: u32,
        ) -> Result<Self, OutputError> {
            let mut sink =
                DeviceSinkBuilder::open_default_sink().map_err(|e| OutputError::Open {
                    device: device.to_owned(),
                    reason: e.to_string(),
                })?;
            // rodio would otherwise print a line over the display when the session ends.
            sink.log_on_drop(false);
            let (blocks, incoming) = sync_channel(4);
            sink.mixer().add(Queue {
                incoming,
                block: Vec::new(),
                position: 0,
                channels: u16::try_from(channels)
                    .ok()
                    .and_then(std::num::NonZero::new)
                    .unwrap_or(std::num::NonZero::<u16>::MIN),
                rate: std::num::NonZero::new(rate).unwrap_or(std::num::NonZero::<u32>::MIN),
            });
            Ok(Self {
                _sink: sink,
                blocks,
            })
        }

        /// Queues whole interleaved frames, waiting for room.
        pub fn write(&mut self, samples: &[i16]) -> Result<(), OutputError> {
            self.blocks
                .send(samples.to_vec())
                .map_err(|_| OutputError::Lost {
                    reason: "the output closed".into(),
                })
        }

        /// The queue is short and cannot be taken back: the player keeps only a little
        /// ahead here.
        #[must_use]
        pub fn capacity(&self) -> u64 {
            0
        }

        /// Not known here: the player keeps only a little ahead anyway.
        pub fn room(&mut self) -> u64 {
            u64::MAX
        }

        /// Not known here.
        pub fn queued(&mut self) -> u64 {
            0
        }

        /// Nothing written can be taken back here.
        pub fn take_back(&mut self, _wanted: u64, _silent: u64) -> u64 {
            0
        }

        /// Playback ends with the stream, when this is dropped.
        pub fn stop(&mut self) {}
    }

    struct Queue {
        incoming: Receiver<Vec<i16>>,
        block: Vec<i16>,
        position: usize,
        channels: rodio::ChannelCount,
        rate: rodio::SampleRate,
    }

    impl Iterator for Queue {
        type Item = f32;

        fn next(&mut self) -> Option<f32> {
            if self.position >= self.block.len() {
                // Nothing queued: silence, so the stream stays open.
                self.block = self.incoming.try_recv().unwrap_or_default();
                self.position = 0;
                if self.block.is_empty() {
                    return Some(0.0);
                }
            }
            let sample = self.block[self.position];
            self.position += 1;
            Some(f32::from(sample) / 32_768.0)
        }
    }

    impl Source for Queue {
        fn current_span_len(&self) -> Option<usize> {
            None
        }

        fn channels(&self) -> rodio::ChannelCount {
            self.channels
        }

        fn sample_rate(&self) -> rodio::SampleRate {
            self.rate
        }

        fn total_duration(&self) -> Option<Duration> {
            None
        }
    }
}
