//! CloudFormation's conditions, as far as the gateway needs them: parameters (their
//! defaults, or values the gateway is given), `Conditions` built from `!Equals`,
//! `!Not`, `!And`, `!Or` and `!Condition`, and every `!If` in the template replaced by
//! the branch it chooses (`!Ref AWS::NoValue` removes the property), as a deploy would.

use serde_norway::{Mapping, Value};
use std::collections::HashMap;

/// Parameter values the template is read with, beside its defaults.
pub type Parameters = HashMap<String, String>;

/// Resolves every `!If` of `doc` for `overrides`.
pub fn resolve(doc: Value, overrides: &Parameters) -> Value {
    let mut params: HashMap<String, String> = HashMap::new();
    if let Some(declared) = doc.get("Parameters").and_then(Value::as_mapping) {
        for (name, spec) in declared {
            let default = spec.get("Default").map(scalar).unwrap_or_default();
            params.insert(scalar(name), default);
        }
    }
    params.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    let conditions = doc.get("Conditions").cloned().unwrap_or(Value::Null);
    let scope = Scope { params, conditions };
    scope.walk(doc).unwrap_or(Value::Null)
}

struct Scope {
    params: HashMap<String, String>,
    conditions: Value,
}

impl Scope {
    /// The value with its `!If`s chosen; `None` for `!Ref AWS::NoValue`.
    fn walk(&self, value: Value) -> Option<Value> {
        match value {
            Value::Tagged(tagged) if tagged.tag == "If" => self.choose(&tagged.value),
            Value::Tagged(tagged) if tagged.tag == "Ref" && tagged.value.as_str() == Some("AWS::NoValue") => {
                None
            }
            Value::Mapping(map) if map.len() == 1 && map.contains_key("Fn::If") => {
                self.choose(&map["Fn::If"])
            }
            Value::Mapping(map) => {
                let mut out = Mapping::new();
                for (k, v) in map {
                    if let Some(v) = self.walk(v) {
                        out.insert(k, v);
                    }
                }
                Some(Value::Mapping(out))
            }
            Value::Sequence(items) => Some(Value::Sequence(
                items.into_iter().filter_map(|v| self.walk(v)).collect(),
            )),
            other => Some(other),
        }
    }

    fn choose(&self, args: &Value) -> Option<Value> {
        let name = args.get(0).map(scalar).unwrap_or_default();
        let branch = if self.condition(&name) { 1 } else { 2 };
        self.walk(args.get(branch).cloned().unwrap_or(Value::Null))
    }

    fn condition(&self, name: &str) -> bool {
        self.conditions.get(name).is_some_and(|c| self.truth(c))
    }

    fn truth(&self, value: &Value) -> bool {
        let (tag, args) = match value {
            Value::Tagged(t) => (t.tag.to_string(), &t.value),
            Value::Mapping(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().expect("one entry");
                (scalar(k).trim_start_matches("Fn::").to_owned(), v)
            }
            _ => return false,
        };
        let items = || args.as_sequence().cloned().unwrap_or_default();
        match tag.trim_start_matches('!') {
            "Equals" => {
                let values: Vec<String> = items().iter().map(|v| self.text(v)).collect();
                values.len() == 2 && values[0] == values[1]
            }
            "Not" => !items().first().is_some_and(|c| self.truth(c)),
            "And" => items().iter().all(|c| self.truth(c)),
            "Or" => items().iter().any(|c| self.truth(c)),
            "Condition" => self.condition(&scalar(args)),
            _ => false,
        }
    }

    /// A literal, or the value of the parameter a `!Ref` names.
    fn text(&self, value: &Value) -> String {
        match value {
            Value::Tagged(t) if t.tag == "Ref" => {
                self.params.get(&scalar(&t.value)).cloned().unwrap_or_default()
            }
            Value::Mapping(m) if m.contains_key("Ref") => {
                self.params.get(&scalar(&m["Ref"])).cloned().unwrap_or_default()
            }
            other => scalar(other),
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
Parameters:
  AccessMode:
    Type: String
    Default: invite
Conditions:
  Invites: !Equals [!Ref AccessMode, invite]
  Opens: !Not [!Condition Invites]
Resources:
  Route:
    Properties:
      AuthorizationType: !If [Invites, CUSTOM, NONE]
      AuthorizerId: !If [Invites, !Ref Authorizer, !Ref AWS::NoValue]
      Open: !If [Opens, yes, no]
"#;

    fn route(overrides: &[(&str, &str)]) -> Value {
        let params = overrides
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let doc = resolve(serde_norway::from_str(DOC).unwrap(), &params);
        doc["Resources"]["Route"]["Properties"].clone()
    }

    #[test]
    fn a_parameters_default_chooses_the_branch() {
        let props = route(&[]);
        assert_eq!(props["AuthorizationType"].as_str(), Some("CUSTOM"));
        assert!(props.get("AuthorizerId").is_some());
        assert_eq!(props["Open"].as_str(), Some("no"));
    }

    #[test]
    fn a_given_value_overrides_the_default_and_no_value_removes_the_property() {
        let props = route(&[("AccessMode", "open")]);
        assert_eq!(props["AuthorizationType"].as_str(), Some("NONE"));
        assert!(props.get("AuthorizerId").is_none());
        assert_eq!(props["Open"].as_str(), Some("yes"));
    }
}
