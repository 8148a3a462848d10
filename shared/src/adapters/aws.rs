//! The stores of the deployed studio wired from their clients, for the functions that
//! share them: media records in Postgres with bytes in S3, and rooms in DynamoDB with
//! posts through `@connections`.

use std::sync::Arc;

use super::apigw::ManagementApi;
use super::dynamo::{DynamoConnectionStore, DynamoPresenceStore, DynamoRevocations, DynamoRoomLog};
use super::postgres::{Db, PgExportStore, PgUploadStore};
use super::s3::S3Objects;
use crate::access::{AccessMode, NoRevocations, Revocations};
use crate::media::Media;
use crate::realtime::Realtime;
use crate::settings::{ConfigError, MediaSettings, RealtimeSettings};

/// Upload and export records on `db`, their bytes in the settings' bucket.
pub fn media(sdk: &aws_types::SdkConfig, db: &Db, settings: &MediaSettings) -> Media {
    Media {
        objects: Arc::new(S3Objects::from_sdk(
            sdk,
            &settings.bucket,
            settings.force_path_style,
            crate::settings::media_timeouts(),
        )),
        uploads: Arc::new(PgUploadStore::new(db.clone())),
        exports: Arc::new(PgExportStore::new(db.clone())),
        limits: Default::default(),
    }
}

/// Presence and connections in the settings' DynamoDB tables; posts to the event's
/// `@connections` endpoint (or the one the settings fix for every post).
pub fn realtime(sdk: &aws_types::SdkConfig, settings: RealtimeSettings) -> Realtime {
    let dynamo = aws_sdk_dynamodb::Client::new(sdk);
    let sender = match &settings.management_override {
        Some(endpoint) => ManagementApi::at(sdk, endpoint),
        None => ManagementApi::new(sdk.clone(), settings.management_url),
    };
    Realtime {
        revocations: Arc::new(revocations(&dynamo, &settings.presence_table)),
        presence: Arc::new(DynamoPresenceStore::new(dynamo.clone(), settings.presence_table)),
        connections: Arc::new(DynamoConnectionStore::new(
            dynamo.clone(),
            settings.connections_table,
        )),
        sender: Arc::new(sender),
        log: Arc::new(DynamoRoomLog::new(dynamo, settings.room_events_table)),
        retention: settings.retention,
        rate: settings.message_rate,
        concurrency: settings.fanout_concurrency,
    }
}

/// The removed members, recorded in the presence table (`PRESENCE_TABLE`).
pub fn revocations(dynamo: &aws_sdk_dynamodb::Client, presence_table: &str) -> DynamoRevocations {
    DynamoRevocations::new(dynamo.clone(), presence_table)
}

/// What an authorizer checks tokens against: in invite mode the removed members in
/// the presence table (`PRESENCE_TABLE`, through a DynamoDB client of its own); open
/// mode has no tokens and reads nothing.
pub fn revocations_for(mode: AccessMode) -> Result<Box<dyn Revocations>, ConfigError> {
    Ok(match mode {
        AccessMode::Open => Box::new(NoRevocations),
        AccessMode::Invite => {
            let sdk = super::from_env::aws()?;
            let table = crate::settings::presence_table()?;
            Box::new(revocations(&aws_sdk_dynamodb::Client::new(&sdk), &table))
        }
    })
}
