//! Every AWS call the studio's functions make during a test, recorded by an SDK
//! interceptor with the function that made it (the runtime's current function) and
//! the IAM action and resource it needs, so a test can hold `template.yaml`'s policies
//! to what the functions really do.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// One permission a function used: `(function, action, resource)`, the resource as
/// `template.yaml` names it (`PresenceTable.Arn`, `MediaBucket.Arn/uploads/*`, ...).
pub type Use = (String, String, String);

/// The recorder; clone it into every client of the studio.
#[derive(Debug, Clone, Default)]
pub struct AwsCalls {
    uses: Arc<Mutex<BTreeSet<Use>>>,
    /// Test table names → the template's table resources.
    tables: Arc<Mutex<Vec<(String, &'static str)>>>,
}

impl AwsCalls {
    /// Names `table` as the template's `logical_id` in what is recorded.
    pub fn table(&self, table: &str, logical_id: &'static str) {
        self.tables.lock().unwrap().push((table.to_owned(), logical_id));
    }

    /// Everything recorded so far.
    pub fn uses(&self) -> BTreeSet<Use> {
        self.uses.lock().unwrap().clone()
    }

    fn logical(&self, table: Option<&str>) -> String {
        let tables = self.tables.lock().unwrap();
        let found = tables.iter().find(|(name, _)| Some(name.as_str()) == table);
        found.map_or_else(
            || format!("unknown table {table:?}"),
            |(_, id)| format!("{id}.Arn"),
        )
    }

    fn record(
        &self,
        service: &str,
        operation: &str,
        input: &aws_smithy_runtime_api::client::interceptors::context::Input,
    ) {
        let Some(function) = studio::runtime::current_function() else {
            return;
        };
        let (action, resource) = match service {
            "DynamoDB" => (
                format!("dynamodb:{operation}"),
                self.dynamodb_resource(operation, input),
            ),
            "S3" => s3_permission(operation, input),
            "ApiGatewayManagementApi" => (
                "execute-api:ManageConnections".to_owned(),
                "@connections".to_owned(),
            ),
            other => (format!("{}:{operation}", other.to_lowercase()), "*".to_owned()),
        };
        self.uses
            .lock()
            .unwrap()
            .insert((function.to_owned(), action, resource));
    }

    fn dynamodb_resource(
        &self,
        operation: &str,
        input: &aws_smithy_runtime_api::client::interceptors::context::Input,
    ) -> String {
        use aws_sdk_dynamodb::operation::*;
        let table = match operation {
            "Query" => {
                let query = input.downcast_ref::<query::QueryInput>();
                let index = query.and_then(|q| q.index_name()).map(|i| format!("/index/{i}"));
                let table = self.logical(query.and_then(|q| q.table_name()));
                return table + &index.unwrap_or_default();
            }
            "PutItem" => input
                .downcast_ref::<put_item::PutItemInput>()
                .and_then(|i| i.table_name()),
            "GetItem" => input
                .downcast_ref::<get_item::GetItemInput>()
                .and_then(|i| i.table_name()),
            "UpdateItem" => input
                .downcast_ref::<update_item::UpdateItemInput>()
                .and_then(|i| i.table_name()),
            "DeleteItem" => input
                .downcast_ref::<delete_item::DeleteItemInput>()
                .and_then(|i| i.table_name()),
            _ => None,
        };
        self.logical(table)
    }
}

/// The action and resource an S3 call needs: object calls on `uploads/*` or
/// `exports/*`, listing on the bucket itself.
fn s3_permission(
    operation: &str,
    input: &aws_smithy_runtime_api::client::interceptors::context::Input,
) -> (String, String) {
    use aws_sdk_s3::operation::*;
    let key = match operation {
        "PutObject" => input
            .downcast_ref::<put_object::PutObjectInput>()
            .and_then(|i| i.key()),
        "GetObject" => input
            .downcast_ref::<get_object::GetObjectInput>()
            .and_then(|i| i.key()),
        "HeadObject" => input
            .downcast_ref::<head_object::HeadObjectInput>()
            .and_then(|i| i.key()),
        "DeleteObject" => input
            .downcast_ref::<delete_object::DeleteObjectInput>()
            .and_then(|i| i.key()),
        "DeleteObjectTagging" => input
            .downcast_ref::<delete_object_tagging::DeleteObjectTaggingInput>()
            .and_then(|i| i.key()),
        "ListObjectsV2" => return ("s3:ListBucket".to_owned(), "MediaBucket.Arn".to_owned()),
        _ => None,
    };
    let action = match operation {
        // HEAD needs the same permission as GET.
        "HeadObject" => "s3:GetObject".to_owned(),
        other => format!("s3:{other}"),
    };
    let prefix = key.and_then(|k| k.split('/').next()).unwrap_or("unknown");
    (action, format!("MediaBucket.Arn/{prefix}/*"))
}

impl Intercept for AwsCalls {
    fn name(&self) -> &'static str {
        "studio-test-aws-calls"
    }

    fn read_before_serialization(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(metadata) = cfg.load::<Metadata>() {
            self.record(metadata.service(), metadata.name(), context.input());
        }
        Ok(())
    }
}
