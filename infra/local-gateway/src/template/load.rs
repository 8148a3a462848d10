//! Reading `template.yaml`: the routes the local gateway serves come from the same file
//! AWS deploys, so they cannot drift apart.

use serde_norway::Value;
use std::path::Path;

use std::collections::HashMap;

use super::HttpRoute;
use super::authorizers::{HttpAuthorizer, http_authorizers};
use super::conditions::{self, Parameters};
use super::error::{TemplateError, problem};
use super::websocket::{WsRoute, ws_routes};

/// What the gateway needs from the template.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Every `HttpApi` event of every function.
    pub http_routes: Vec<HttpRoute>,
    /// Every route of the WebSocket API.
    pub ws_routes: Vec<WsRoute>,
    /// The binary name of every function, in template order.
    pub functions: Vec<String>,
}

impl Template {
    /// Loads and reads a template file with its parameters' defaults.
    pub fn load(path: &Path) -> Result<Self, TemplateError> {
        Self::load_with(path, &Parameters::new())
    }

    /// Loads a template file as deployed with the parameter values `params`.
    pub fn load_with(path: &Path, params: &Parameters) -> Result<Self, TemplateError> {
        let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse_with(&text, params)
    }

    /// Reads a template from its text.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        Self::parse_with(text, &Parameters::new())
    }

    /// Reads a template from its text, as deployed with the parameter values `params`.
    pub fn parse_with(text: &str, params: &Parameters) -> Result<Self, TemplateError> {
        let doc = conditions::resolve(serde_norway::from_str(text)?, params);
        let mut template = Template::default();
        let Some(resources) = doc.get("Resources").and_then(Value::as_mapping) else {
            return Ok(template);
        };
        let mut binaries = HashMap::new();
        for (id, resource) in resources {
            let id = id.as_str().unwrap_or_default();
            if resource.get("Type").and_then(Value::as_str) == Some("AWS::Serverless::Function") {
                binaries.insert(id.to_owned(), binary_name(id, resource)?);
            }
        }
        let authorizers = http_authorizers(resources, &binaries)?;
        for (id, resource) in resources {
            let id = id.as_str().unwrap_or_default();
            if let Some(function) = binaries.get(id) {
                template
                    .http_routes
                    .extend(http_events(id, resource, function, &authorizers)?);
                template.functions.push(function.clone());
            }
        }
        template.ws_routes = ws_routes(resources, &binaries)?;
        Ok(template)
    }

    /// The functions an HTTP or WebSocket route invokes, or an authorizer in front of
    /// one, in template order; the others (the migrate function behind a custom
    /// resource) serve no request.
    pub fn routed_functions(&self) -> Vec<String> {
        let authorizers = self.authorizer_functions();
        self.functions
            .iter()
            .filter(|f| {
                self.http_routes.iter().any(|r| &r.function == *f)
                    || self.ws_routes.iter().any(|r| &r.function == *f)
                    || authorizers.contains(f)
            })
            .cloned()
            .collect()
    }

    /// The functions that authorize a route, sorted.
    pub fn authorizer_functions(&self) -> Vec<String> {
        let http = self
            .http_routes
            .iter()
            .filter_map(|r| r.authorizer.as_ref())
            .map(|a| &a.function);
        let ws = self
            .ws_routes
            .iter()
            .filter_map(|r| r.authorizer.as_ref())
            .map(|a| &a.function);
        let mut found: Vec<String> = http.chain(ws).cloned().collect();
        found.sort();
        found.dedup();
        found
    }
}

/// `Metadata.BuildProperties.Binary`: the cargo binary SAM builds for the function.
fn binary_name(id: &str, resource: &Value) -> Result<String, TemplateError> {
    resource
        .get("Metadata")
        .and_then(|m| m.get("BuildProperties"))
        .and_then(|b| b.get("Binary"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| problem(id, "has no Metadata.BuildProperties.Binary"))
}

fn http_events(
    id: &str,
    resource: &Value,
    function: &str,
    authorizers: &HashMap<String, HttpAuthorizer>,
) -> Result<Vec<HttpRoute>, TemplateError> {
    let Some(events) = resource
        .get("Properties")
        .and_then(|p| p.get("Events"))
        .and_then(Value::as_mapping)
    else {
        return Ok(Vec::new());
    };
    let mut routes = Vec::new();
    for event in events.values() {
        if event.get("Type").and_then(Value::as_str) != Some("HttpApi") {
            continue;
        }
        let props = event.get("Properties");
        let field = |name| props.and_then(|p| p.get(name)).and_then(Value::as_str);
        let path = field("Path").ok_or_else(|| problem(id, "an HttpApi event has no Path"))?;
        let method = field("Method").ok_or_else(|| problem(id, "an HttpApi event has no Method"))?;
        let authorizer = match props
            .and_then(|p| p.get("Auth"))
            .and_then(|a| a.get("Authorizer"))
            .and_then(Value::as_str)
        {
            None | Some("NONE") => None,
            Some(name) => Some(authorizers.get(name).cloned().ok_or_else(|| {
                problem(
                    id,
                    format!("an HttpApi event names authorizer {name}, which its API does not declare"),
                )
            })?),
        };
        routes.push(HttpRoute {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            function: function.to_owned(),
            authorizer,
        });
    }
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
  HealthzFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties:
        Binary: healthz
    Properties:
      Events:
        Probe:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /healthz
            Method: get
"#;

    #[test]
    fn http_events_become_routes_to_the_functions_binary() {
        let template = Template::parse(TEMPLATE).unwrap();
        assert_eq!(template.functions, vec!["healthz"]);
        assert_eq!(
            template.http_routes,
            vec![HttpRoute {
                method: "GET".into(),
                path: "/healthz".into(),
                function: "healthz".into(),
                authorizer: None,
            }]
        );
    }

    #[test]
    fn a_function_without_a_route_is_not_routed() {
        let with_migrate = format!(
            "{TEMPLATE}
  MigrateFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildProperties:
        Binary: migrate
"
        );
        let template = Template::parse(&with_migrate).unwrap();
        assert_eq!(template.functions, vec!["healthz", "migrate"]);
        assert_eq!(template.routed_functions(), vec!["healthz"]);
    }

    #[test]
    fn a_function_without_a_binary_name_is_an_error() {
        let broken = TEMPLATE.replace("Binary: healthz", "Other: x");
        assert!(Template::parse(&broken).is_err());
    }
}
