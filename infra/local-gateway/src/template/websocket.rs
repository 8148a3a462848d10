//! WebSocket routes from `template.yaml`: each `AWS::ApiGatewayV2::Route`'s `RouteKey`
//! and `Target` (`integrations/${Integration}`), the integration's `IntegrationUri`
//! naming the function (`${Function.Arn}`, or a variable such as
//! `${Alias}` bound to `!Ref Function.Alias`), and that function's binary.

use serde_norway::{Mapping, Value};
use std::collections::HashMap;

use super::authorizers::{WsAuthorizer, ws_authorizer};
use super::error::{TemplateError, problem};

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

/// The argument of `!Sub` or `{ "Fn::Sub": ... }`, or a plain string.
pub(super) fn sub_argument(value: &Value) -> Option<&Value> {
    match value {
        Value::String(_) => Some(value),
        Value::Tagged(tagged) if tagged.tag == "Sub" => Some(&tagged.value),
        Value::Mapping(m) => m.get("Fn::Sub"),
        _ => None,
    }
}

/// The resource a `!Ref Name`, `!GetAtt Name.Attribute` (or their long forms) names;
/// `Name.Alias` and `Name.Version` (SAM's references) name the function `Name`.
pub(super) fn ref_target(value: &Value) -> Option<&str> {
    let target = match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" || tagged.tag == "GetAtt" => tagged.value.as_str(),
        Value::Mapping(m) => m
            .get("Ref")
            .or_else(|| m.get("Fn::GetAtt"))
            .and_then(|v| v.as_str().or_else(|| v.get(0).and_then(Value::as_str))),
        _ => None,
    }?;
    target.split('.').next()
}

/// The resource a `!Sub` names first: its first `${Name}` or `${Name.Attribute}` that is
/// not a pseudo parameter such as `${AWS::Region}`, or in the list form
/// (`!Sub [text, { Name: !Ref Resource }]`) the resource a variable refers to.
pub(super) fn referenced(value: &Value) -> Option<&str> {
    let argument = sub_argument(value)?;
    let (text, variables) = match argument {
        Value::Sequence(items) => (items.first()?.as_str()?, items.get(1)),
        other => (other.as_str()?, None),
    };
    text.split("${").skip(1).find_map(|rest| {
        let name = rest.split('}').next()?;
        if name.starts_with("AWS::") {
            return None;
        }
        match variables.and_then(|v| v.get(name)) {
            Some(bound) => ref_target(bound),
            None => Some(name.split('.').next().unwrap_or(name)),
        }
    })
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
