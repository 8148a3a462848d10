//! The studio's functions: one per HTTP route and WebSocket event. This list is the one
//! the binaries, `template.yaml`, the watch router and `events/` are held to.

use std::{fmt, str::FromStr};

use crate::telemetry::Service;

/// A Lambda function of the suite, named as its binary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionName {
    SessionsGet,
    SessionsCreate,
    Healthz,
    V1SessionsList,
    V1SessionsCreate,
    Pages,
    PresenceGet,
    PresencePut,
    PresenceDelete,
    WsConnect,
    WsDisconnect,
    WsMessage,
    UploadCreate,
    UploadGet,
    ExportCreate,
    ExportGet,
}

/// The dependencies a function uses, so its cold start builds only those clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    pub postgres: bool,
    pub pages: bool,
    /// DynamoDB's presence and connection tables and the `@connections` API.
    pub realtime: bool,
    /// The media bucket (S3).
    pub s3: bool,
}

impl Needs {
    /// Nothing: a function that talks to no store.
    pub const NONE: Needs = Needs {
        postgres: false,
        pages: false,
        realtime: false,
        s3: false,
    };

    /// What either `self` or `other` needs.
    pub const fn merge(self, other: Needs) -> Needs {
        Needs {
            postgres: self.postgres || other.postgres,
            pages: self.pages || other.pages,
            realtime: self.realtime || other.realtime,
            s3: self.s3 || other.s3,
        }
    }
}

impl FunctionName {
    /// Every function of the suite.
    pub const ALL: &'static [FunctionName] = &[
        FunctionName::SessionsGet,
        FunctionName::SessionsCreate,
        FunctionName::Healthz,
        FunctionName::V1SessionsList,
        FunctionName::V1SessionsCreate,
        FunctionName::Pages,
        FunctionName::PresenceGet,
        FunctionName::PresencePut,
        FunctionName::PresenceDelete,
        FunctionName::WsConnect,
        FunctionName::WsDisconnect,
        FunctionName::WsMessage,
        FunctionName::UploadCreate,
        FunctionName::UploadGet,
        FunctionName::ExportCreate,
        FunctionName::ExportGet,
    ];

    /// The binary name, also the function's name in the template and the router.
    pub fn as_str(self) -> &'static str {
        match self {
            FunctionName::SessionsGet => "sessions-get",
            FunctionName::SessionsCreate => "sessions-create",
            FunctionName::Healthz => "healthz",
            FunctionName::V1SessionsList => "v1-sessions-list",
            FunctionName::V1SessionsCreate => "v1-sessions-create",
            FunctionName::Pages => "pages",
            FunctionName::PresenceGet => "presence-get",
            FunctionName::PresencePut => "presence-put",
            FunctionName::PresenceDelete => "presence-delete",
            FunctionName::WsConnect => "ws-connect",
            FunctionName::WsDisconnect => "ws-disconnect",
            FunctionName::WsMessage => "ws-message",
            FunctionName::UploadCreate => "upload-create",
            FunctionName::UploadGet => "upload-get",
            FunctionName::ExportCreate => "export-create",
            FunctionName::ExportGet => "export-get",
        }
    }

    /// The `service.name` its spans are reported under.
    pub fn service(self) -> Service {
        match self {
            FunctionName::SessionsGet
            | FunctionName::SessionsCreate
            | FunctionName::UploadCreate
            | FunctionName::UploadGet
            | FunctionName::ExportCreate
            | FunctionName::ExportGet => Service::StudioWebApi,
            FunctionName::Healthz | FunctionName::V1SessionsList | FunctionName::V1SessionsCreate => {
                Service::StudioApi
            }
            FunctionName::Pages => Service::StudioWeb,
            FunctionName::PresenceGet | FunctionName::PresencePut | FunctionName::PresenceDelete => {
                Service::StudioWebApiPresence
            }
            FunctionName::WsConnect | FunctionName::WsDisconnect | FunctionName::WsMessage => {
                Service::RealtimeGateway
            }
        }
    }

    /// What the function talks to.
    #[inline]
    pub const fn needs(self) -> Needs {
        match self {
            FunctionName::Healthz => Needs::NONE,
            FunctionName::Pages => Needs {
                postgres: true,
                pages: true,
                ..Needs::NONE
            },
            FunctionName::PresenceGet
            | FunctionName::PresencePut
            | FunctionName::PresenceDelete
            | FunctionName::WsConnect
            | FunctionName::WsDisconnect
            | FunctionName::WsMessage => Needs {
                realtime: true,
                ..Needs::NONE
            },
            FunctionName::UploadCreate
            | FunctionName::UploadGet
            | FunctionName::ExportCreate
            | FunctionName::ExportGet => Needs {
                postgres: true,
                s3: true,
                ..Needs::NONE
            },
            _ => Needs {
                postgres: true,
                ..Needs::NONE
            },
        }
    }

    /// The WebSocket event a function handles, or `None` for an HTTP function.
    pub fn ws_route(self) -> Option<crate::realtime::WsRoute> {
        use crate::realtime::WsRoute;
        match self {
            FunctionName::WsConnect => Some(WsRoute::Connect),
            FunctionName::WsDisconnect => Some(WsRoute::Disconnect),
            FunctionName::WsMessage => Some(WsRoute::Default),
            _ => None,
        }
    }
}

/// A name that is not one of the suite's functions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no function is named {0:?}")]
pub struct UnknownFunction(pub String);

impl FromStr for FunctionName {
    type Err = UnknownFunction;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownFunction(s.to_owned()))
    }
}

impl fmt::Display for FunctionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_function() {
        for &f in FunctionName::ALL {
            assert_eq!(f.as_str().parse::<FunctionName>(), Ok(f));
        }
        assert!("nope".parse::<FunctionName>().is_err());
    }
}
