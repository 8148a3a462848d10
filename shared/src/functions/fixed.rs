//! Each function as a type of its own. A binary names its function with one of these
//! unit types, which call their handler directly, so the binary links only that handler
//! and the clients it builds rather than the whole suite's. A `match` on a name inside
//! an async fn would not do: every arm's await points stay reachable from the state
//! machine. The local gateway, which serves every function, uses [`FunctionName`],
//! chosen at run time; its dispatch is generated from the same table below.

use lambda_http::Request;

use super::{FunctionName, Needs, Resources, handlers};
use crate::http::Response;

/// A function of the suite, known at compile time (the unit types here) or at run time
/// ([`FunctionName`]).
pub trait Function: Copy + Send + Sync + 'static {
    /// The function's name.
    fn name(self) -> FunctionName;

    /// Answers an HTTP request; a WebSocket function answers it with a 500.
    fn http(self, resources: &Resources, req: Request) -> impl Future<Output = Response> + Send;
}

/// What a cold start builds: the needs of one function, or a set of needs.
pub trait Requirements: Copy {
    /// The clients and stores to build.
    fn needs(self) -> Needs;
}

impl<F: Function> Requirements for F {
    #[inline(always)]
    fn needs(self) -> Needs {
        self.name().needs()
    }
}

impl Requirements for Needs {
    fn needs(self) -> Needs {
        self
    }
}

macro_rules! fixed_functions {
    (http { $($function:ident => $handler:ident,)* } websocket { $($ws:ident,)* }) => {
        $(
            fixed_functions!(@type $function);
            impl Function for $function {
                #[inline(always)]
                fn name(self) -> FunctionName {
                    FunctionName::$function
                }
                fn http(self, resources: &Resources, req: Request) -> impl Future<Output = Response> + Send {
                    handlers::$handler(resources, req)
                }
            }
        )*
        $(
            fixed_functions!(@type $ws);
            impl Function for $ws {
                #[inline(always)]
                fn name(self) -> FunctionName {
                    FunctionName::$ws
                }
                fn http(self, _: &Resources, _: Request) -> impl Future<Output = Response> + Send {
                    std::future::ready(handlers::not_http(self.name()))
                }
            }
        )*

        impl Function for FunctionName {
            #[inline]
            fn name(self) -> FunctionName {
                self
            }

            async fn http(self, resources: &Resources, req: Request) -> Response {
                match self {
                    $(FunctionName::$function => handlers::$handler(resources, req).await,)*
                    $(FunctionName::$ws)|* => handlers::not_http(self),
                }
            }
        }
    };
    (@type $function:ident) => {
        #[doc = concat!("[`FunctionName::", stringify!($function), "`], fixed at compile time.")]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $function;
    };
}

fixed_functions!(
    http {
    SessionsGet => sessions_get,
    SessionsCreate => sessions_create,
    Healthz => healthz,
    V1SessionsList => v1_sessions_list,
    V1SessionsCreate => v1_sessions_create,
    Pages => pages,
    PresenceGet => presence_get,
    PresencePut => presence_put,
    PresenceDelete => presence_delete,
    UploadCreate => upload_create,
    UploadGet => upload_get,
    ExportCreate => export_create,
    ExportGet => export_get,
    }
    websocket {
    WsConnect,
    WsDisconnect,
    WsMessage,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fixed_function_names_the_function_its_type_is_named_after() {
        for (name, type_name) in [
            (Healthz.name(), "Healthz"),
            (WsMessage.name(), "WsMessage"),
            (ExportGet.name(), "ExportGet"),
        ] {
            assert_eq!(format!("{name:?}"), type_name);
        }
        assert_eq!(UploadCreate.needs(), FunctionName::UploadCreate.needs());
    }
}
