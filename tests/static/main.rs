//! Static checks: what holds without any running service — the route contract, the
//! template's deploy rules and lints, the realtime tables' definitions. The function
//! binaries are run (without a Runtime API) where behaviour is the only honest source.

mod asyncapi;
mod contract;
mod layers;
mod lint;
mod openapi;
mod tables;
mod template;
mod warm;
