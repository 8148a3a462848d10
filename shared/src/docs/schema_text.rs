//! JSON Schemas as short text for people: a field's type with its limits, and the fields
//! of an object schema, following `$ref`s and `allOf` within one document.

use serde_json::Value;

/// A schema's name when it is a `$ref` to `#/components/schemas/<name>`.
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The schema a `$ref` points at in `doc` (the schema itself otherwise).
pub fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match ref_name(schema) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    }
}

/// `string, 1–128 chars, ^[a-z]$`, `array of PresenceMember`, `one of "a", "b"`...
pub fn type_text(doc: &Value, schema: &Value) -> String {
    if let Some(name) = ref_name(schema) {
        let target = resolve(doc, schema);
        return match target.get("enum") {
            Some(values) => one_of(values),
            None if target.get("properties").is_some() => name.to_owned(),
            None => format!("{name} ({})", type_text(doc, target)),
        };
    }
    if let Some(value) = schema.get("const") {
        return value.to_string();
    }
    if let Some(values) = schema.get("enum") {
        return one_of(values);
    }
    for (key, joint) in [("allOf", " and "), ("anyOf", " or "), ("oneOf", " or ")] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let texts: Vec<String> = parts.iter().map(|p| type_text(doc, p)).collect();
            return texts.join(joint);
        }
    }
    let mut text = match &schema["type"] {
        Value::String(t) if t == "array" => format!("array of {}", type_text(doc, &schema["items"])),
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ if schema.get("not").is_some() => "any JSON but a studio frame".to_owned(),
        _ => "any JSON".to_owned(),
    };
    text.push_str(&limits(schema));
    text
}

fn one_of(values: &Value) -> String {
    let items: Vec<String> = values
        .as_array()
        .into_iter()
        .flatten()
        .map(Value::to_string)
        .collect();
    if items.len() == 1 {
        items[0].clone()
    } else {
        format!("one of {}", items.join(", "))
    }
}

fn limits(schema: &Value) -> String {
    let mut parts = Vec::new();
    let number = |key: &str| schema.get(key).and_then(Value::as_i64);
    match (number("minLength"), number("maxLength")) {
        (Some(min), Some(max)) => parts.push(format!("{min}–{max} chars")),
        (None, Some(max)) => parts.push(format!("at most {max} chars")),
        _ => {}
    }
    match (number("minimum"), number("maximum")) {
        (Some(min), Some(max)) => parts.push(format!("{min}–{max}")),
        (Some(min), None) => parts.push(format!("≥ {min}")),
        (None, Some(max)) => parts.push(format!("≤ {max}")),
        _ => {}
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        parts.push(pattern.to_owned());
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        parts.push(format.to_owned());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

/// One field of an object: name, type text, whether required, description.
pub struct Field {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

/// The fields of an object schema (merged over `allOf`), in the schema's order.
pub fn fields(doc: &Value, schema: &Value) -> Vec<Field> {
    let schema = resolve(doc, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged: Vec<Field> = Vec::new();
        for part in parts {
            for field in fields(doc, part) {
                match merged.iter_mut().find(|f| f.name == field.name) {
                    Some(known) => known.kind = field.kind,
                    None => merged.push(field),
                }
            }
        }
        return merged;
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| Field {
            name: name.clone(),
            kind: type_text(doc, property),
            required: required.contains(&name.as_str()),
            description: description(doc, property),
        })
        .collect()
}

/// A schema's description, or the one of the schema it refers to.
pub fn description(doc: &Value, schema: &Value) -> String {
    let own = schema.get("description").and_then(Value::as_str);
    own.or_else(|| resolve(doc, schema).get("description").and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned()
}
