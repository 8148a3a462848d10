//! References between template resources: what a `!Ref`, `!GetAtt` or `!Sub` names.

use serde_norway::Value;

/// The argument of `!Sub` or `{ "Fn::Sub": ... }`, or a plain string.
fn sub_argument(value: &Value) -> Option<&Value> {
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
