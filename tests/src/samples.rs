//! Valid JSON instances of a spec's component schemas, built from the schemas
//! themselves, for round trips through the generated types (`real_specs.rs`
//! decodes and re-encodes each in the generated crate).
//!
//! Deterministic: the same spec always gives the same samples, in spec order.
//! For each component schema: every property present, with a property the
//! schema does not list where the object is open; only the required ones;
//! `null` wherever a schema is nullable; one sample per option of a union
//! (with its discriminator's value), per value of an enum and an unknown
//! value or option where the type must keep one; and, apart, the examples the
//! spec's authors wrote (the schema's own `example`, and the named
//! `examples` of request and response bodies whose schema is the component).
//!
//! Plain reading of the spec as JSON: the generator is what is being tested,
//! so nothing here asks it how it reads a schema.

use serde_json::{json, Map, Value};

/// One JSON instance of a component schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The component schema's key in `components.schemas`.
    pub schema: String,
    /// What the sample shows (`all properties`, `option 2`, `example`, ...).
    pub case: String,
    /// The instance.
    pub value: Value,
}

/// The name of the property put into open objects: no spec lists it.
pub const UNKNOWN_PROPERTY: &str = "sampleUnknownProperty";

/// A string enum value and a union tag no spec lists.
const UNKNOWN_VALUE: &str = "sample-unknown-value";

/// Below this many named schemas, a nested schema gets every property; deeper
/// it gets only its required ones, which keeps samples of large graphs small.
const FULL_DEPTH: usize = 4;

/// Samples of every component schema of `spec` (an OpenAPI document as JSON),
/// in the order of `components.schemas`.
pub fn samples(spec: &Value) -> Vec<Sample> {
    let mut out = Vec::new();
    for (name, schema) in components(spec) {
        let mut builder = Builder { spec, stack: vec![name.to_owned()], at_root: false };
        let mut push = |case: String, value: Value| {
            if !out.iter().any(|s: &Sample| s.schema == name && s.value == value) {
                out.push(Sample { schema: name.to_owned(), case, value });
            }
        };
        let target = builder.resolve(schema);
        if let Some(values) = target.get("enum").and_then(Value::as_array) {
            for value in values {
                push(format!("value {value}"), value.clone());
            }
            if is_type(target, "string") {
                push("an unknown value".to_owned(), json!(UNKNOWN_VALUE));
            }
            continue;
        }
        push("all properties".to_owned(), builder.value(schema, Mode::Full));
        push("required properties only".to_owned(), builder.value(schema, Mode::Required));
        // A nullable schema is `null` where it is used; its own type is not.
        builder.at_root = true;
        push("null where nullable".to_owned(), builder.value(schema, Mode::Nulls));
        let options = union_options(target);
        for i in 1..options.len() {
            push(format!("option {}", i + 1), builder.union(target, i, Mode::Full));
        }
        if let Some(tag) = target.pointer("/discriminator/propertyName").and_then(Value::as_str) {
            if let Value::Object(mut unknown) = builder.value(schema, Mode::Required) {
                unknown.insert(tag.to_owned(), json!(UNKNOWN_VALUE));
                push("an unknown option".to_owned(), Value::Object(unknown));
            }
        }
    }
    out
}

/// The examples the spec carries for its component schemas: the schema's own
/// `example`, and each named `examples` entry (and `example`) of a request or
/// response body whose schema is a `$ref` to it.
pub fn examples(spec: &Value) -> Vec<Sample> {
    let mut out = Vec::new();
    for (name, schema) in components(spec) {
        if let Some(example) = schema.get("example") {
            out.push(Sample { schema: name.to_owned(), case: "its example".to_owned(), value: example.clone() });
        }
    }
    let mut bodies = Vec::new();
    collect_bodies(spec.get("paths").unwrap_or(&Value::Null), "#/paths", &mut bodies);
    collect_bodies(spec.pointer("/components/responses").unwrap_or(&Value::Null), "#/components/responses", &mut bodies);
    collect_bodies(spec.pointer("/components/requestBodies").unwrap_or(&Value::Null), "#/components/requestBodies", &mut bodies);
    for (at, media) in bodies {
        let Some(name) = media.pointer("/schema/$ref").and_then(Value::as_str).and_then(component_name) else { continue };
        if let Some(example) = media.get("example") {
            out.push(Sample { schema: name.clone(), case: format!("{at}/example"), value: example.clone() });
        }
        for (key, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
            // A `$ref` to `components/examples` is followed; an external
            // value (`externalValue`) has nothing to decode here.
            let example = match example.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.strip_prefix('#').and_then(|p| spec.pointer(p)).unwrap_or(&Value::Null),
                None => example,
            };
            if let Some(value) = example.get("value") {
                out.push(Sample { schema: name.clone(), case: format!("{at}/examples/{}", escape(key)), value: value.clone() });
            }
        }
    }
    out
}

/// `components.schemas`, key and schema, in order.
fn components(spec: &Value) -> impl Iterator<Item = (&str, &Value)> {
    spec.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten().map(|(k, v)| (k.as_str(), v))
}

/// Every media type object under `content` below `node`, with its pointer.
fn collect_bodies<'a>(node: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{}", escape(key));
                if key == "content" {
                    for (media_type, media) in child.as_object().into_iter().flatten() {
                        out.push((format!("{here}/{}", escape(media_type)), media));
                    }
                } else if key != "schema" && key != "examples" && key != "example" {
                    collect_bodies(child, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_bodies(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A JSON pointer token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The component a local `$ref` names (`#/components/schemas/Pet` -> `Pet`).
fn component_name(reference: &str) -> Option<String> {
    let token = reference.strip_prefix("#/components/schemas/")?;
    (!token.contains('/')).then(|| token.replace("~1", "/").replace("~0", "~"))
}

/// Which properties a sample fills in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// Every property, non-null, and an unknown one where the object is open.
    Full,
    /// Only the required properties.
    Required,
    /// Every property, `null` wherever the schema is nullable.
    Nulls,
}

/// Builds samples, keeping the named schemas it is inside of, so that a
/// schema that contains itself gets only its required properties the second
/// time (the smallest finite instance).
struct Builder<'a> {
    spec: &'a Value,
    stack: Vec<String>,
    /// The next value is the sample itself, not a property or item of it.
    at_root: bool,
}

impl<'a> Builder<'a> {
    /// The schema a `$ref` chain ends at (the schema itself without one).
    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else { break };
            match reference.strip_prefix('#').and_then(|p| self.spec.pointer(p)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// An instance of `schema`.
    fn value(&mut self, schema: &'a Value, mode: Mode) -> Value {
        let may_be_null = mode == Mode::Nulls && !std::mem::take(&mut self.at_root);
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if may_be_null && nullable(schema) {
                return Value::Null;
            }
            let name = component_name(reference).unwrap_or_else(|| reference.to_owned());
            let seen = self.stack.iter().filter(|n| **n == name).count();
            if seen >= 3 {
                // A cycle through required properties has no finite instance.
                return Value::Null;
            }
            let mode = if seen > 0 || self.stack.len() >= FULL_DEPTH { Mode::Required } else { mode };
            let Some(target) = reference.strip_prefix('#').and_then(|p| self.spec.pointer(p)) else { return Value::Null };
            self.stack.push(name);
            let value = self.value(target, mode);
            self.stack.pop();
            return value;
        }
        if may_be_null && nullable(schema) {
            return Value::Null;
        }
        // 3.1: `const` is a one-value enum; `type: "null"` holds only null.
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if schema.get("type").and_then(Value::as_str) == Some("null") {
            return Value::Null;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values.iter().find(|v| !v.is_null()).or(values.first()).cloned().unwrap_or(Value::Null);
        }
        if !union_options(schema).is_empty() {
            return self.union(schema, 0, mode);
        }
        let scalar = ["string", "integer", "number", "boolean"].iter().any(|t| is_type(schema, t));
        if let (Some(parts), true) = (schema.get("allOf").and_then(Value::as_array), scalar) {
            // A scalar beside an `allOf` (Discord's `type: integer` with an
            // `allOf` of an integer enum) is that scalar: a part's value
            // when one is a scalar, else one of its own type.
            if let Some(value) = parts.iter().map(|part| self.value(part, mode)).find(|v| !v.is_object() && !v.is_null()) {
                return value;
            }
        } else if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            // Parts that only annotate (AWS's `{description: ..}` beside the
            // `$ref`, Box's `{nullable: false}`) add nothing.
            let real: Vec<&Value> = parts.iter().filter(|p| !annotations_only(p)).collect();
            let mut merged = self.object(schema, mode);
            for part in &real {
                match self.value(part, mode) {
                    Value::Object(fields) => merged.extend(fields),
                    // An `allOf` of one non-object schema (a `$ref` with
                    // siblings, in 3.1) is that schema.
                    other if real.len() == 1 && !has_properties(schema) => return other,
                    _ => {}
                }
            }
            return Value::Object(merged);
        }
        if has_properties(schema) || is_type(schema, "object") {
            return Value::Object(self.object(schema, mode));
        }
        // A tuple (3.1's `prefixItems`): a value for each position.
        if let Some(Value::Array(positions)) = schema.get("prefixItems") {
            return Value::Array(positions.iter().map(|p| self.value(p, mode)).collect());
        }
        if let Some(items) = schema.get("items") {
            let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
            let item = self.value(items, mode);
            return Value::Array((0..count).map(|_| item.clone()).collect());
        }
        if is_type(schema, "array") {
            return json!([1, "two"]);
        }
        if is_type(schema, "string") {
            return string(schema);
        }
        if is_type(schema, "integer") {
            return integer(schema);
        }
        if is_type(schema, "number") {
            return number(schema);
        }
        if is_type(schema, "boolean") {
            return json!(true);
        }
        // No type: any JSON value.
        json!({"any": ["json", 1, true]})
    }

    /// The properties of an object schema (not its `allOf` or union parts),
    /// with what `additionalProperties` allows.
    fn object(&mut self, schema: &'a Value, mode: Mode) -> Map<String, Value> {
        let mut out = self.properties(schema, mode);
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(extra @ Value::Object(map)) if !map.is_empty() && mode != Mode::Required => {
                out.insert(UNKNOWN_PROPERTY.to_owned(), self.value(extra, mode));
            }
            // Open: a property no schema lists, kept and written back.
            _ if mode == Mode::Full => {
                out.insert(UNKNOWN_PROPERTY.to_owned(), json!({"kept": [1, "two", null]}));
            }
            _ => {}
        }
        out
    }

    /// The listed properties of an object schema that `mode` fills in.
    fn properties(&mut self, schema: &'a Value, mode: Mode) -> Map<String, Value> {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut out = Map::new();
        for (key, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            if mode == Mode::Required && !required.contains(&key.as_str()) {
                continue;
            }
            out.insert(key.clone(), self.value(property, mode));
        }
        out
    }

    /// An instance of option `index` of a `oneOf`/`anyOf`, with the
    /// properties beside it and the discriminator's value for that option.
    fn union(&mut self, schema: &'a Value, index: usize, mode: Mode) -> Value {
        let options = union_options(schema);
        let Some(option) = options.get(index) else { return Value::Null };
        let option_value = self.value(option, mode);
        if !has_properties(schema) && schema.get("discriminator").is_none() && schema.get("allOf").is_none() {
            return option_value;
        }
        // The union's own properties; the option says whether it is open.
        let mut merged = self.properties(schema, mode);
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            if let Value::Object(fields) = self.value(part, mode) {
                merged.extend(fields);
            }
        }
        let Value::Object(fields) = option_value else { return option_value };
        merged.extend(fields);
        if let Some(tag) = schema.pointer("/discriminator/propertyName").and_then(Value::as_str) {
            if let Some(value) = self.tag_value(schema, option) {
                merged.insert(tag.to_owned(), Value::String(value));
            }
        }
        Value::Object(merged)
    }

    /// The discriminator's value for `option`: its `mapping` key, else the
    /// name of the schema it refers to (when the option's own schema does
    /// not pin the property to an enum, which the sample already holds).
    fn tag_value(&self, schema: &Value, option: &Value) -> Option<String> {
        let reference = option.get("$ref").and_then(Value::as_str)?;
        let mapping = schema.pointer("/discriminator/mapping").and_then(Value::as_object);
        if let Some((key, _)) = mapping.into_iter().flatten().find(|(_, target)| target.as_str() == Some(reference)) {
            return Some(key.clone());
        }
        let tag = schema.pointer("/discriminator/propertyName").and_then(Value::as_str)?;
        let target = self.resolve(option);
        if target.pointer(&format!("/properties/{}/enum", escape(tag))).is_some() {
            return None;
        }
        component_name(reference)
    }
}

/// The options of a `oneOf` or `anyOf`.
fn union_options(schema: &Value) -> &[Value] {
    schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn has_properties(schema: &Value) -> bool {
    schema.get("properties").is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
}

/// `type: t` (or a 3.1 type list holding it).
fn is_type(schema: &Value, t: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(list)) => list.iter().any(|s| s == t),
        _ => false,
    }
}

fn nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

/// A string of the schema's format and lengths.
fn string(schema: &Value) -> Value {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-05-06T07:08:09Z".to_owned(),
        Some("date") => "2024-05-06".to_owned(),
        Some("uuid") => "123e4567-e89b-12d3-a456-426614174000".to_owned(),
        Some("byte") => "c2FtcGxl".to_owned(),
        Some("email") => "someone@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com/sample".to_owned(),
        _ => "sample".to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    let mut text = text;
    while text.chars().count() < min {
        text.push('s');
    }
    Value::String(text.chars().take(max.max(min)).collect())
}

/// An integer inside the schema's bounds (7 when they allow it).
fn integer(schema: &Value) -> Value {
    let (low, high) = bounds(schema);
    let low = low.map(|(b, exclusive)| if exclusive { b.floor() + 1.0 } else { b.ceil() });
    let high = high.map(|(b, exclusive)| if exclusive { b.ceil() - 1.0 } else { b.floor() });
    let mut n = 7.0_f64;
    if let Some(low) = low {
        n = n.max(low);
    }
    if let Some(high) = high {
        n = n.min(high);
    }
    json!(n as i64)
}

/// A number with a fraction inside the schema's bounds (1.5 when they allow
/// it), so that it cannot be mistaken for an integer.
fn number(schema: &Value) -> Value {
    let n = match bounds(schema) {
        (Some((low, _)), Some((high, _))) => (low + high) / 2.0,
        (Some((low, _)), None) if low >= 1.5 => low + 0.5,
        (None, Some((high, _))) if high <= 1.5 => high - 0.5,
        _ => 1.5,
    };
    json!(n)
}

/// A bound and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// `minimum` and `maximum`, each with whether it is exclusive.
fn bounds(schema: &Value) -> (Bound, Bound) {
    let exclusive = |key| schema.get(key) == Some(&Value::Bool(true));
    let low = schema.get("minimum").and_then(Value::as_f64).map(|b| (b, exclusive("exclusiveMinimum")));
    let high = schema.get("maximum").and_then(Value::as_f64).map(|b| (b, exclusive("exclusiveMaximum")));
    (low, high)
}

/// An `allOf` part with no keyword that constrains a value.
fn annotations_only(part: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
        "externalDocs",
        "xml",
    ];
    part.as_object().is_some_and(|o| o.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(schemas: Value) -> Value {
        json!({"openapi": "3.0.3", "components": {"schemas": schemas}})
    }

    fn cases(spec: &Value, name: &str) -> Vec<(String, Value)> {
        samples(spec).into_iter().filter(|s| s.schema == name).map(|s| (s.case, s.value)).collect()
    }

    #[test]
    fn objects_get_every_property_then_the_required_ones_then_nulls() {
        let spec = spec(json!({
            "Pet": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "minLength": 8},
                "age": {"type": "integer", "minimum": 10, "maximum": 20},
                "weight": {"type": "number", "format": "double", "nullable": true},
                "born": {"type": "string", "format": "date-time"}
            }}
        }));
        assert_eq!(
            cases(&spec, "Pet"),
            [
                (
                    "all properties".to_owned(),
                    json!({"name": "sampless", "age": 10, "weight": 1.5, "born": "2024-05-06T07:08:09Z", UNKNOWN_PROPERTY: {"kept": [1, "two", null]}})
                ),
                ("required properties only".to_owned(), json!({"name": "sampless"})),
                ("null where nullable".to_owned(), json!({"name": "sampless", "age": 10, "weight": null, "born": "2024-05-06T07:08:09Z"})),
            ]
        );
    }

    #[test]
    fn a_tuple_gets_a_value_for_each_position() {
        // pydantic's `tuple[int, str]`: not an array of anything.
        let spec = spec(json!({
            "Point": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "minItems": 2, "maxItems": 2}
        }));
        assert_eq!(cases(&spec, "Point")[0].1, json!([7, "sample"]));
    }

    #[test]
    fn closed_objects_and_maps_get_no_unknown_property() {
        let spec = spec(json!({
            "Closed": {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "boolean"}}},
            "Map": {"type": "object", "additionalProperties": {"type": "integer"}}
        }));
        assert_eq!(cases(&spec, "Closed")[0].1, json!({"a": true}));
        assert_eq!(cases(&spec, "Map")[0].1, json!({UNKNOWN_PROPERTY: 7}));
    }

    #[test]
    fn unions_get_each_option_with_its_tag_and_an_unknown_one() {
        let spec = spec(json!({
            "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
                      "discriminator": {"propertyName": "kind", "mapping": {"round": "#/components/schemas/Circle"}}},
            "Circle": {"type": "object", "required": ["kind", "r"], "additionalProperties": false, "properties": {"kind": {"type": "string"}, "r": {"type": "number"}}},
            "Square": {"type": "object", "required": ["kind"], "additionalProperties": false, "properties": {"kind": {"type": "string"}, "side": {"type": "integer"}}}
        }));
        assert_eq!(
            cases(&spec, "Shape"),
            [
                ("all properties".to_owned(), json!({"kind": "round", "r": 1.5})),
                ("option 2".to_owned(), json!({"kind": "Square", "side": 7})),
                ("an unknown option".to_owned(), json!({"kind": UNKNOWN_VALUE, "r": 1.5})),
            ]
        );
    }

    #[test]
    fn enums_get_each_value_and_an_unknown_one_and_null_where_used() {
        let spec = spec(json!({
            "Level": {"type": "string", "enum": ["low", "high"], "nullable": true},
            "Reading": {"type": "object", "nullable": true, "additionalProperties": false, "properties": {"level": {"$ref": "#/components/schemas/Level"}}}
        }));
        let values: Vec<Value> = cases(&spec, "Level").into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [json!("low"), json!("high"), json!(UNKNOWN_VALUE)]);
        // `null` where the enum is used, never for the nullable schema itself.
        let values: Vec<Value> = cases(&spec, "Reading").into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [json!({"level": "low"}), json!({}), json!({"level": null})]);
    }

    #[test]
    fn a_schema_inside_itself_gets_its_required_properties_the_second_time() {
        let spec = spec(json!({
            "Node": {"type": "object", "additionalProperties": false, "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }}
        }));
        assert_eq!(cases(&spec, "Node")[0].1, json!({"id": 7, "children": [{"id": 7}]}));
    }

    #[test]
    fn examples_come_from_schemas_and_from_bodies_that_refer_to_them() {
        let spec = json!({
            "paths": {"/pets": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"},
                "examples": {"one": {"value": {"name": "Rex"}}}
            }}}}}},
            "components": {"schemas": {"Pet": {"type": "object", "example": {"name": "Tom"}}}}
        });
        let found: Vec<(String, Value)> = examples(&spec).into_iter().map(|s| (s.case, s.value)).collect();
        assert_eq!(
            found,
            [
                ("its example".to_owned(), json!({"name": "Tom"})),
                ("#/paths/~1pets/post/requestBody/content/application~1json/examples/one".to_owned(), json!({"name": "Rex"})),
            ]
        );
    }
}
