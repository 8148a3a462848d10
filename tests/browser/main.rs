//! The pages in headless Chromium, as a person would use them.

mod media;
mod pages;
mod room;
