//! The pages' templates, checked at compile time by askama, with their styles and
//! scripts embedded in the binary.

use askama::Template;
use chrono::{DateTime, Utc};

use super::PageUrls;
use crate::domain::Session;

const CSS: &str = include_str!("../../templates/assets/studio.css");
const SESSIONS_JS: &str = include_str!("../../templates/assets/sessions.js");
/// The room's script, after the waveform drawing it uses.
const ROOM_JS: &str = concat!(
    include_str!("../../templates/assets/waveform.js"),
    include_str!("../../templates/assets/room.js")
);

/// `/`: what the studio is.
#[derive(Template)]
#[template(path = "landing.html")]
pub struct Landing<'a> {
    config: &'a PageUrls,
    css: &'static str,
    nav: &'static str,
}

/// `/about`: how it works.
#[derive(Template)]
#[template(path = "about.html")]
pub struct About<'a> {
    config: &'a PageUrls,
    css: &'static str,
    nav: &'static str,
}

/// `/sessions`: the first page of sessions and the create form.
#[derive(Template)]
#[template(path = "sessions.html")]
pub struct Sessions<'a> {
    config: &'a PageUrls,
    css: &'static str,
    js: &'static str,
    nav: &'static str,
    sessions: Vec<SessionRow>,
    next_cursor: String,
}

/// `/sessions/{id}`: the live room of one session.
#[derive(Template)]
#[template(path = "room.html")]
pub struct Room<'a> {
    config: &'a PageUrls,
    css: &'static str,
    js: &'static str,
    nav: &'static str,
    session: SessionRow,
}

/// A page that says something went wrong or does not exist.
#[derive(Template)]
#[template(path = "not_found.html")]
pub struct Message<'a> {
    config: &'a PageUrls,
    css: &'static str,
    nav: &'static str,
    heading: &'a str,
    detail: &'a str,
}

/// A session as a list row.
pub struct SessionRow {
    id: String,
    name: String,
    created_at: String,
    created_label: String,
}

impl From<&Session> for SessionRow {
    fn from(s: &Session) -> Self {
        Self {
            id: s.id.to_string(),
            name: s.name.as_str().to_owned(),
            created_at: s.created_at.to_rfc3339(),
            created_label: label(s.created_at),
        }
    }
}

fn label(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
}

impl<'a> Landing<'a> {
    /// The landing page.
    pub fn new(config: &'a PageUrls) -> Self {
        Self {
            config,
            css: CSS,
            nav: "",
        }
    }
}

impl<'a> About<'a> {
    /// The how-it-works page.
    pub fn new(config: &'a PageUrls) -> Self {
        Self {
            config,
            css: CSS,
            nav: "about",
        }
    }
}

impl<'a> Sessions<'a> {
    /// The sessions page over one page of sessions.
    pub fn new(config: &'a PageUrls, sessions: &[Session], next_cursor: Option<String>) -> Self {
        Self {
            config,
            css: CSS,
            js: SESSIONS_JS,
            nav: "sessions",
            sessions: sessions.iter().map(SessionRow::from).collect(),
            next_cursor: next_cursor.unwrap_or_default(),
        }
    }
}

impl<'a> Room<'a> {
    /// The room of `session`.
    pub fn new(config: &'a PageUrls, session: &Session) -> Self {
        Self {
            config,
            css: CSS,
            js: ROOM_JS,
            nav: "sessions",
            session: SessionRow::from(session),
        }
    }
}

impl<'a> Message<'a> {
    /// A message page.
    pub fn new(config: &'a PageUrls, heading: &'a str, detail: &'a str) -> Self {
        Self {
            config,
            css: CSS,
            nav: "",
            heading,
            detail,
        }
    }
}
