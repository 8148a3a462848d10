//! WebSocket routes from `template.yaml`: each `AWS::ApiGatewayV2::Route`'s `RouteKey`
//! and `Target` (`integrations/${Integration}`), the integration's `IntegrationUri`
//! naming the function (`${Function.Arn}`, or a variable such as
//! `${Alias}` bound to `!Ref Function.Alias`), and that function's binary.

use serde_norway::{Mapping, Value};
use std::collections::HashMap;

use super::authorizers::{WsAuthorizer, ws_authorizer};
use super::error::{TemplateError, problem};
use super::refs::referenced;

/// One route of the WebSocket API: a route key invoking a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsRoute {
    /// `$connect`, `$disconnect`, `$default` or a custom key.
    pub route_key: String,
    /// The function's name (its binary).
    pub function: String,
    /// The authorizer in front of the route (`$connect`'s, in invite mode).
    pub authorizer: Option<WsAuthorizer>,
}

/// The WebSocket routes of `resources`; `binaries` maps function resource ids to binaries.
pub fn ws_routes(
    resources: &Mapping,
    binaries: &HashMap<String, String>,
) -> Result<Vec<WsRoute>, TemplateError> {
    let mut routes = Vec::new();
    for (id, resource) in resources {
        let id = id.as_str().unwrap_or_default();
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::ApiGatewayV2::Route") {
            continue;
        }
        let props = resource.get("Properties");
        let route_key = props
            .and_then(|p| p.get("RouteKey"))
            .and_then(Value::as_str)
            .ok_or_else(|| problem(id, "has no RouteKey"))?;
        let integration = props
            .and_then(|p| p.get("Target"))
            .and_then(referenced)
            .ok_or_else(|| problem(id, "has no Target of the form integrations/${Integration}"))?;
        let uri = resources
            .get(integration)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get("IntegrationUri"))
            .ok_or_else(|| problem(integration, "has no IntegrationUri"))?;
        let function = referenced(uri)
            .and_then(|f| binaries.get(f))
            .ok_or_else(|| problem(integration, "IntegrationUri names no function of the template"))?;
        routes.push(WsRoute {
            route_key: route_key.to_owned(),
            function: function.clone(),
            authorizer: ws_authorizer(resources, binaries, id, props)?,
        });
    }
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_reaches_the_binary_through_its_integration() {
        let doc: Value = serde_norway::from_str(
            r#"
ConnectRoute:
  Type: AWS::ApiGatewayV2::Route
  Properties:
    RouteKey: $connect
    Target: !Sub integrations/${ConnectIntegration}
ConnectIntegration:
  Type: AWS::ApiGatewayV2::Integration
  Properties:
    IntegrationUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ConnectFunction.Arn}/invocations
"#,
        )
        .unwrap();
        let binaries = HashMap::from([("ConnectFunction".to_owned(), "ws-connect".to_owned())]);
        let routes = ws_routes(doc.as_mapping().unwrap(), &binaries).unwrap();
        assert_eq!(
            routes,
            vec![WsRoute {
                route_key: "$connect".into(),
                function: "ws-connect".into(),
                authorizer: None,
            }]
        );
        assert!(ws_routes(doc.as_mapping().unwrap(), &HashMap::new()).is_err());
    }

    #[test]
    fn an_integration_of_a_functions_alias_reaches_the_function() {
        let doc: Value = serde_norway::from_str(
            r#"
ConnectRoute:
  Type: AWS::ApiGatewayV2::Route
  Properties:
    RouteKey: $connect
    Target: !Sub integrations/${ConnectIntegration}
ConnectIntegration:
  Type: AWS::ApiGatewayV2::Integration
  Properties:
    IntegrationUri: !Sub
      - arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Alias}/invocations
      - Alias: !Ref ConnectFunction.Alias
"#,
        )
        .unwrap();
        let binaries = HashMap::from([("ConnectFunction".to_owned(), "ws-connect".to_owned())]);
        let routes = ws_routes(doc.as_mapping().unwrap(), &binaries).unwrap();
        assert_eq!(routes[0].function, "ws-connect");
    }
}
