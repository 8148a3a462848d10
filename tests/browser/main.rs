//! The pages in headless Chromium, as a person would use them.

mod invite;
mod media;
mod pages;
mod room;
mod waveforms;
