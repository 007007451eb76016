//! Schemas: JSON Schema 2020-12 as OpenAPI 3.1 uses it, rewritten into the
//! OpenAPI 3.0 schema object with the same meaning.
//!
//! | 2020-12 | becomes |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [A, B, ...]` | `oneOf` of one schema per type, each with the keywords that apply to it (`nullable` if `"null"` was listed) |
//! | `type: "null"` alone (or only null options) | any JSON value, `nullable: true`, with a warning |
//! | `oneOf`/`anyOf` with `{type: "null"}` options | the rest made nullable: one inline option merged into the schema, one `$ref` as `allOf: [$ref]` |
//! | `oneOf`/`anyOf` of `{const, title, description}` | `enum` of the consts, titles as `x-enum-varnames`, descriptions as `x-enum-descriptions` |
//! | `const: v` | `enum: [v]` (and `type` from `v` when missing): a one-value enum, a tag for union dispatch |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` beside the siblings, which override the target's |
//! | 3.0: `$ref` beside `nullable: true` | `allOf: [{$ref}]` beside `nullable` and `description`; other siblings ignored, as 3.0 says |
//! | `examples: [a, ...]` | `example: a` |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (unless `minimum` is already stricter); also in 3.0 documents, with a warning |
//! | `contentEncoding: base64` / `binary`, or `contentMediaType` of non-text | `format: byte` / `format: binary` |
//! | `prefixItems` | one `items` schema when every position has the same schema; otherwise items of any JSON value, with a warning |
//! | `patternProperties` | `additionalProperties` (a typed map) when there is one pattern; any JSON values otherwise, with a warning |
//! | `true` / `false` as a schema | `{}` / an error (a property that is `false` is left out, with a warning) |
//! | `$defs` | kept in place; `$ref`s into them are followed by bundling |
//! | `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`, `unevaluatedItems`, `contains`, `propertyNames`, `$id`, `$anchor`, `$dynamicRef` | dropped, with a warning naming each |
//! | `nullable`, boolean `exclusiveMinimum` (3.0 spellings in a 3.1 document) | read as 3.0 reads them, with a warning |

use serde_yaml::{Mapping, Value};

use super::{child, key, Upgrader};

/// Keywords no generated code checks: dropped with a warning each.
const IGNORED: &[(&str, &str)] = &[
    ("not", "the generated types accept values it excludes; describe the allowed values positively"),
    ("if", "conditional schemas are not checked; the generated types accept what either branch allows"),
    ("then", "conditional schemas are not checked; the generated types accept what either branch allows"),
    ("else", "conditional schemas are not checked; the generated types accept what either branch allows"),
    ("dependentRequired", "the generated types do not require properties that depend on others"),
    ("dependentSchemas", "the generated types do not check schemas that depend on properties"),
    ("unevaluatedProperties", "use `additionalProperties` for what the generated types can check"),
    ("unevaluatedItems", "the generated types do not check array items against it"),
    ("contains", "the generated types do not check that an array contains a matching item"),
    ("minContains", "the generated types do not check how many items match `contains`"),
    ("maxContains", "the generated types do not check how many items match `contains`"),
    ("propertyNames", "the generated types do not check property names"),
    ("$id", "`$ref`s are resolved by JSON pointer, not against `$id`"),
    ("$anchor", "`$ref`s are resolved by JSON pointer, not by anchor"),
    ("$dynamicRef", "dynamic references are not followed"),
    ("$dynamicAnchor", "dynamic references are not followed"),
];

/// Keywords that describe a schema without changing which values it allows.
fn is_annotation(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "description"
            | "$comment"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "example"
            | "examples"
            | "default"
            | "externalDocs"
    ) || name.starts_with("x-")
}

impl Upgrader<'_> {
    /// Rewrites the schema `value` at `at` (not its children: the walk does
    /// those, after this).
    pub(super) fn schema(&mut self, value: &mut Value, at: &str) {
        if let Value::Bool(allowed) = value {
            if self.lenient() {
                return;
            }
            if *allowed {
                *value = Value::Mapping(Mapping::new());
            } else {
                self.error(
                    at,
                    "a `false` schema allows no value at all",
                    "remove it; a property that must never be present is left out of `properties`",
                );
            }
            return;
        }
        let Value::Mapping(map) = value else { return };
        if self.dialect == super::Dialect::V2_0 {
            self.swagger2_schema(map, at);
        }
        if self.lenient() {
            self.not_beside_type(map, at);
            self.nullable_ref(map, at);
            self.type_list(map, at);
            self.exclusive_bounds(map, at);
            return;
        }
        self.spelled_as_3_0(map, at);
        self.ref_siblings(map, at);
        self.null_options(map, at);
        self.const_options(map, at);
        self.type_list(map, at);
        self.const_value(map, at);
        self.examples(map, at);
        self.exclusive_bounds(map, at);
        self.content_encoding(map, at);
        self.prefix_items(map, at);
        self.pattern_properties(map, at);
        self.boolean_properties(map, at);
        // In the order written, so that the warnings read down the file.
        let ignored: Vec<(String, &str)> = map
            .keys()
            .filter_map(Value::as_str)
            .filter_map(|k| IGNORED.iter().find(|(name, _)| *name == k))
            .map(|(name, hint)| ((*name).to_owned(), *hint))
            .collect();
        for (name, hint) in ignored {
            self.warn(&child(at, &name), format!("`{name}` is not supported: it is ignored"), hint);
            map.shift_remove(name.as_str());
        }
    }

    /// 3.0: `not` beside a type (`type: integer`, `not: {enum: [65534]}`)
    /// excludes values the type allows, which no generated type checks: the
    /// type is generated and the `not` ignored, with the warning a 3.1
    /// document gets. A `not` alone says nothing positive, and stays an
    /// error when lowered.
    fn not_beside_type(&mut self, map: &mut Mapping, at: &str) {
        if !map.contains_key("not") {
            return;
        }
        let positive = map.keys().filter_map(Value::as_str).any(|k| k != "not" && k != "nullable" && !is_annotation(k));
        if positive {
            let hint = IGNORED.iter().find(|(name, _)| *name == "not").map_or("", |(_, hint)| hint);
            self.warn(&child(at, "not"), "`not` is not supported: it is ignored", hint);
            map.shift_remove("not");
        }
    }

    /// 3.0 spellings in a 3.1 document: read as 3.0 reads them.
    fn spelled_as_3_0(&mut self, map: &Mapping, at: &str) {
        if map.contains_key("nullable") {
            self.warn(
                &child(at, "nullable"),
                format!("`nullable` is OpenAPI 3.0; this is a {} document: read as 3.0 reads it", self.dialect.label()),
                "write `type: [T, \"null\"]` instead",
            );
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Bool(_)) = map.get(exclusive) {
                self.warn(
                    &child(at, exclusive),
                    format!(
                        "a boolean `{exclusive}` is OpenAPI 3.0; this is a {} document: read as 3.0 reads it, with `{bound}`",
                        self.dialect.label()
                    ),
                    &format!("write `{exclusive}: <the bound>` instead of `{bound}` and `{exclusive}: true`"),
                );
            }
        }
    }

    /// `$ref` beside other keywords (3.1 allows it; the siblings override
    /// the target's): `allOf: [{$ref}]` beside the siblings.
    fn ref_siblings(&mut self, map: &mut Mapping, at: &str) {
        let Some(reference) = map.get("$ref").cloned() else { return };
        let siblings =
            map.keys().filter_map(Value::as_str).any(|k| !matches!(k, "$ref" | "$comment" | "$schema" | "$defs" | "definitions"));
        if !siblings {
            return;
        }
        map.shift_remove("$ref");
        let index = match map.entry(key("allOf")).or_insert_with(|| Value::Sequence(Vec::new())) {
            Value::Sequence(parts) => {
                let mut part = Mapping::new();
                part.insert(key("$ref"), reference);
                parts.push(Value::Mapping(part));
                parts.len() - 1
            }
            // `allOf` that is not a list: the typed parse says so.
            _ => return,
        };
        let part = child(&child(at, "allOf"), &index.to_string());
        self.moves.step([(child(&part, "$ref"), child(at, "$ref")), (part, at.to_owned())]);
    }

    /// 3.0: `nullable: true` beside a `$ref` (Asana's `created_by`, and
    /// many more). 3.0 says a `$ref`'s siblings are ignored, but this one
    /// can only mean that `null` is allowed too, and a required property
    /// that is `null` would otherwise be refused when read. It becomes
    /// `allOf: [{$ref}]` beside `nullable` (and the `description`, which
    /// documents the property); the other siblings stay ignored.
    fn nullable_ref(&mut self, map: &mut Mapping, at: &str) {
        if !map.contains_key("$ref") || map.get("nullable") != Some(&Value::Bool(true)) {
            return;
        }
        map.retain(|k, v| match k.as_str() {
            Some("$ref" | "nullable") => true,
            Some("description") => v.is_string(),
            _ => false,
        });
        self.ref_siblings(map, at);
    }

    /// `oneOf`/`anyOf` options that are only `null`: the schema is nullable,
    /// and what is left is the schema (one option) or its options.
    fn null_options(&mut self, map: &mut Mapping, at: &str) {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(options)) = map.get(keyword) else { continue };
            if !options.iter().any(is_null_schema) {
                continue;
            }
            let kept: Vec<(usize, Value)> = options.iter().cloned().enumerate().filter(|(_, o)| !is_null_schema(o)).collect();
            let list = child(at, keyword);
            map.shift_remove(keyword);
            map.insert(key("nullable"), Value::Bool(true));
            match kept.len() {
                0 => self.null_only(&list),
                1 => {
                    let Some((index, option)) = kept.into_iter().next() else { continue };
                    let from = child(&list, &index.to_string());
                    match option {
                        Value::Mapping(option) if mergeable(&option, map) => {
                            let mut step = Vec::new();
                            for (k, v) in option {
                                let Some(name) = k.as_str().map(str::to_owned) else { continue };
                                if !map.contains_key(&k) {
                                    map.insert(k, v);
                                    step.push((child(at, &name), child(&from, &name)));
                                }
                            }
                            self.moves.step(step);
                        }
                        option => {
                            if let Value::Sequence(parts) = map.entry(key("allOf")).or_insert_with(|| Value::Sequence(Vec::new())) {
                                parts.push(option);
                                let to = child(&child(at, "allOf"), &(parts.len() - 1).to_string());
                                self.moves.step([(to, from)]);
                            }
                        }
                    }
                }
                _ => {
                    let step: Vec<(String, String)> =
                        kept.iter().enumerate().map(|(j, (i, _))| (child(&list, &j.to_string()), child(&list, &i.to_string()))).collect();
                    map.insert(key(keyword), Value::Sequence(kept.into_iter().map(|(_, o)| o).collect()));
                    self.moves.step(step);
                }
            }
        }
    }

    /// A schema that allows only `null`: there is no Rust type for it, so
    /// it is read as any JSON value (which `null` is).
    fn null_only(&mut self, spelled: &str) {
        self.warn(
            spelled,
            "this schema allows only `null`: it is read as any JSON value",
            "no Rust type holds only null; if the property is always null, consider leaving it out",
        );
    }

    /// `oneOf` (or `anyOf`) whose options are each a `const` with a title
    /// and a description: an enum whose values have names (Discord writes
    /// every enum this way).
    fn const_options(&mut self, map: &mut Mapping, at: &str) {
        if map.contains_key("enum") {
            return;
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(options)) = map.get(keyword) else { continue };
            let consts: Option<Vec<&Mapping>> = options
                .iter()
                .map(|o| match o {
                    Value::Mapping(o)
                        if o.get("const").is_some_and(is_plain_scalar)
                            && o.keys().filter_map(Value::as_str).all(|k| k == "const" || k == "type" || is_annotation(k)) =>
                    {
                        Some(o)
                    }
                    _ => None,
                })
                .collect();
            let Some(consts) = consts.filter(|c| !c.is_empty()) else { continue };
            let values: Vec<Value> = consts.iter().filter_map(|o| o.get("const").cloned()).collect();
            let titles: Option<Vec<Value>> = consts.iter().map(|o| o.get("title").filter(|t| t.is_string()).cloned()).collect();
            let descriptions: Vec<Value> =
                consts.iter().map(|o| o.get("description").filter(|d| d.is_string()).cloned().unwrap_or(key(""))).collect();
            let list = child(at, keyword);
            let mut step = vec![(child(at, "enum"), list.clone())];
            for i in 0..values.len() {
                let option = child(&list, &i.to_string());
                step.push((child(&child(at, "enum"), &i.to_string()), child(&option, "const")));
                step.push((child(&child(at, "x-enum-varnames"), &i.to_string()), child(&option, "title")));
                step.push((child(&child(at, "x-enum-descriptions"), &i.to_string()), child(&option, "description")));
            }
            map.shift_remove(keyword);
            if !map.contains_key("type") {
                if let Some(t) = common_type(&values) {
                    map.insert(key("type"), key(t));
                }
            }
            map.insert(key("enum"), Value::Sequence(values));
            if let Some(titles) = titles {
                if !map.contains_key("x-enum-varnames") {
                    map.insert(key("x-enum-varnames"), Value::Sequence(titles));
                }
            }
            if descriptions.iter().any(|d| d.as_str().is_some_and(|d| !d.is_empty())) && !map.contains_key("x-enum-descriptions") {
                map.insert(key("x-enum-descriptions"), Value::Sequence(descriptions));
            }
            self.moves.step(step);
            return;
        }
    }

    /// `type` as a list: one type and `null` is a nullable type; several
    /// types are a union of one schema per type.
    fn type_list(&mut self, map: &mut Mapping, at: &str) {
        let spelled = child(at, "type");
        let types: Vec<String> = match map.get("type") {
            Some(Value::Sequence(types)) => match types.iter().map(|t| t.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>() {
                Some(types) => types,
                // Not a list of names: the typed parse says what is wrong.
                None => return,
            },
            Some(Value::String(t)) if t == "null" && !self.lenient() => {
                map.shift_remove("type");
                map.insert(key("nullable"), Value::Bool(true));
                self.null_only(&spelled);
                return;
            }
            _ => return,
        };
        if self.lenient() {
            self.warn(
                &spelled,
                format!("a `type` list is OpenAPI 3.1; this is a {} document: read as 3.1 reads it", self.dialect.label()),
                "write one type with `nullable: true`, or declare `openapi: 3.1.0`",
            );
        }
        let nullable = types.iter().any(|t| t == "null");
        let mut rest: Vec<(usize, String)> = Vec::new();
        for (i, t) in types.into_iter().enumerate() {
            if t != "null" && !rest.iter().any(|(_, r)| *r == t) {
                rest.push((i, t));
            }
        }
        match rest.as_slice() {
            [] => {
                map.shift_remove("type");
                map.insert(key("nullable"), Value::Bool(true));
                self.null_only(&spelled);
            }
            [(_, only)] => {
                map.insert(key("type"), key(only));
                if nullable {
                    map.insert(key("nullable"), Value::Bool(true));
                }
            }
            // GitHub's `type: [null, string, array]` beside `oneOf: [string,
            // array]`: the options say the same types, so the list says
            // only that `null` is allowed.
            _ if options_within(map, &rest) => {
                map.shift_remove("type");
                if nullable {
                    map.insert(key("nullable"), Value::Bool(true));
                }
            }
            _ if map.contains_key("oneOf") || map.contains_key("anyOf") => {
                self.error(
                    &spelled,
                    "a list of several types beside `oneOf`/`anyOf` has no single reading here",
                    "move the types into the options: one option per type",
                );
            }
            _ => {
                let options_at = child(at, "oneOf");
                let mut options = Vec::new();
                let mut step = Vec::new();
                let mut moved: Vec<Value> = Vec::new();
                for (j, (i, t)) in rest.iter().enumerate() {
                    let option_at = child(&options_at, &j.to_string());
                    let mut option = Mapping::new();
                    option.insert(key("type"), key(t));
                    step.push((child(&option_at, "type"), child(&spelled, &i.to_string())));
                    step.push((option_at.clone(), child(&spelled, &i.to_string())));
                    for (k, v) in map.iter() {
                        let Some(name) = k.as_str() else { continue };
                        if name == "enum" {
                            let Value::Sequence(values) = v else { continue };
                            let mine: Vec<Value> = values.iter().filter(|v| value_has_type(v, t)).cloned().collect();
                            if !mine.is_empty() {
                                option.insert(k.clone(), Value::Sequence(mine));
                                moved.push(k.clone());
                            }
                        } else if keyword_applies(name, t, map.get("format").and_then(Value::as_str), &rest) {
                            option.insert(k.clone(), v.clone());
                            step.push((child(&option_at, name), child(at, name)));
                            moved.push(k.clone());
                        }
                    }
                    options.push(Value::Mapping(option));
                }
                for k in moved {
                    map.shift_remove(&k);
                }
                map.shift_remove("type");
                map.insert(key("oneOf"), Value::Sequence(options));
                if nullable {
                    map.insert(key("nullable"), Value::Bool(true));
                }
                self.moves.step(step);
            }
        }
    }

    /// `const: v` is a one-value enum.
    fn const_value(&mut self, map: &mut Mapping, at: &str) {
        let Some(value) = map.get("const").cloned() else { return };
        let spelled = child(at, "const");
        map.shift_remove("const");
        if value.is_null() {
            map.insert(key("nullable"), Value::Bool(true));
            self.null_only(&spelled);
            return;
        }
        if let Some(Value::Sequence(values)) = map.get("enum") {
            if !values.contains(&value) {
                self.error(&spelled, "`const` is not one of the `enum` values, so no value is valid", "keep one of them");
                return;
            }
        }
        if !map.contains_key("type") {
            if let Some(t) = common_type(std::slice::from_ref(&value)) {
                map.insert(key("type"), key(t));
            }
        }
        map.insert(key("enum"), Value::Sequence(vec![value]));
        let enum_at = child(at, "enum");
        self.moves.step([(child(&enum_at, "0"), spelled.clone()), (enum_at, spelled)]);
    }

    /// `examples: [a, ...]` in a schema: its first is the 3.0 `example`.
    fn examples(&mut self, map: &mut Mapping, at: &str) {
        let Some(Value::Sequence(examples)) = map.get("examples") else { return };
        let first = examples.first().cloned();
        map.shift_remove("examples");
        if let (Some(first), false) = (first, map.contains_key("example")) {
            map.insert(key("example"), first);
            self.moves.moved(child(at, "example"), child(&child(at, "examples"), "0"));
        }
    }

    /// A numeric `exclusiveMinimum`/`exclusiveMaximum` (2020-12) is the
    /// bound with the 3.0 boolean beside it, unless the inclusive bound
    /// given as well is already stricter.
    fn exclusive_bounds(&mut self, map: &mut Mapping, at: &str) {
        for (exclusive, bound, lower) in [("exclusiveMinimum", "minimum", true), ("exclusiveMaximum", "maximum", false)] {
            let Some(Value::Number(limit)) = map.get(exclusive).cloned() else { continue };
            if self.lenient() {
                self.warn(
                    &child(at, exclusive),
                    format!(
                        "a numeric `{exclusive}` is OpenAPI 3.1; this is a {} document: read as `{bound}: {limit}` with `{exclusive}: true`",
                        self.dialect.label()
                    ),
                    &format!("write `{bound}: {limit}` and `{exclusive}: true`, or declare `openapi: 3.1.0`"),
                );
            }
            let stricter = match (map.get(bound).and_then(Value::as_f64), limit.as_f64()) {
                (Some(inclusive), Some(limit)) if lower => inclusive > limit,
                (Some(inclusive), Some(limit)) => inclusive < limit,
                _ => false,
            };
            if stricter {
                map.shift_remove(exclusive);
            } else {
                map.insert(key(bound), Value::Number(limit));
                map.insert(key(exclusive), Value::Bool(true));
                self.moves.moved(child(at, bound), child(at, exclusive));
            }
        }
    }

    /// `contentEncoding`/`contentMediaType`: a string of encoded or raw bytes.
    fn content_encoding(&mut self, map: &mut Mapping, at: &str) {
        let encoding = map.shift_remove("contentEncoding");
        let media_type = map.shift_remove("contentMediaType");
        map.shift_remove("contentSchema");
        if map.contains_key("format") {
            return;
        }
        let (format, from) = match (encoding.as_ref().and_then(Value::as_str), media_type.as_ref().and_then(Value::as_str)) {
            (Some("base64"), _) => ("byte", "contentEncoding"),
            (Some("binary"), _) => ("binary", "contentEncoding"),
            (Some(other @ ("base64url" | "base32" | "base16" | "quoted-printable")), _) => {
                self.warn(
                    &child(at, "contentEncoding"),
                    format!("`contentEncoding: {other}` is not decoded: the value is read as the encoded string"),
                    "base64 (`format: byte`) is decoded to bytes; other encodings are left to you",
                );
                return;
            }
            (Some(_), _) | (None, None) => return,
            (None, Some(media_type)) if is_text(media_type) => return,
            (None, Some(_)) => ("binary", "contentMediaType"),
        };
        map.insert(key("format"), key(format));
        if !map.contains_key("type") {
            map.insert(key("type"), key("string"));
        }
        self.moves.moved(child(at, "format"), child(at, from));
    }

    /// `prefixItems` (a tuple): one `items` schema when every position has
    /// the same one; otherwise items of any JSON value, with a warning.
    fn prefix_items(&mut self, map: &mut Mapping, at: &str) {
        let Some(Value::Sequence(prefix)) = map.get("prefixItems").cloned() else { return };
        map.shift_remove("prefixItems");
        let rest = map.get("items").cloned();
        let same = prefix
            .first()
            .filter(|first| prefix.iter().all(|p| p == *first) && rest.as_ref().is_none_or(|r| r == *first || *r == Value::Bool(false)));
        match same {
            Some(first) => {
                if rest == Some(Value::Bool(false)) && !map.contains_key("maxItems") {
                    map.insert(key("maxItems"), Value::Number(prefix.len().into()));
                }
                map.insert(key("items"), first.clone());
                self.moves.moved(child(at, "items"), child(&child(at, "prefixItems"), "0"));
            }
            None => {
                self.warn(
                    &child(at, "prefixItems"),
                    "`prefixItems` (a tuple) is not supported yet: the array's items are read as any JSON value",
                    "if the positions do not matter, describe the items with one `items` schema (a `oneOf` of the item types)",
                );
                map.insert(key("items"), Value::Mapping(Mapping::new()));
            }
        }
    }

    /// `patternProperties`: with one pattern, a map whose values have its
    /// schema (keys are not checked against the pattern).
    fn pattern_properties(&mut self, map: &mut Mapping, at: &str) {
        let Some(Value::Mapping(patterns)) = map.get("patternProperties").cloned() else { return };
        map.shift_remove("patternProperties");
        let Some((pattern, first)) = patterns.iter().next() else { return };
        let additional = map.get("additionalProperties");
        let one = patterns.values().all(|s| s == first);
        let free = matches!(additional, None | Some(Value::Bool(_))) || additional == Some(first);
        if one && free {
            let pattern = pattern.as_str().unwrap_or_default().to_owned();
            map.insert(key("additionalProperties"), first.clone());
            self.moves.moved(child(at, "additionalProperties"), child(&child(at, "patternProperties"), &pattern));
        } else {
            let why = if one { "beside `additionalProperties` with another schema" } else { "with several patterns" };
            self.warn(
                &child(at, "patternProperties"),
                format!("`patternProperties` {why} is not supported: the values are read as any JSON value"),
                "use one pattern, or `additionalProperties` alone",
            );
            map.insert(key("additionalProperties"), Value::Mapping(Mapping::new()));
        }
    }

    /// `properties` that are `true` (anything) or `false` (never present).
    fn boolean_properties(&mut self, map: &mut Mapping, at: &str) {
        let Some(Value::Mapping(properties)) = map.get_mut("properties") else { return };
        let mut never = Vec::new();
        for (name, schema) in properties.iter_mut() {
            match schema {
                Value::Bool(true) => *schema = Value::Mapping(Mapping::new()),
                Value::Bool(false) => never.push(name.clone()),
                _ => {}
            }
        }
        for name in never {
            properties.shift_remove(&name);
            let shown = name.as_str().unwrap_or_default().to_owned();
            self.warn(
                &child(&child(at, "properties"), &shown),
                format!("property `{shown}` is `false` (it must never be present): it is left out"),
                "the generated type keeps it among the unknown properties if a value has it",
            );
        }
    }
}

/// An option that allows only `null`: `{type: "null"}` (or `["null"]`),
/// `{const: null}`, `{enum: [null]}`, with annotations at most.
fn is_null_schema(option: &Value) -> bool {
    let Value::Mapping(map) = option else { return false };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(ts)) => ts.iter().all(|t| t.as_str() == Some("null")) && !ts.is_empty(),
        _ => false,
    };
    let null_const = map.get("const").is_some_and(Value::is_null);
    let null_enum = matches!(map.get("enum"), Some(Value::Sequence(vs)) if vs.iter().all(Value::is_null) && !vs.is_empty());
    (null_type || null_const || null_enum)
        && map.keys().filter_map(Value::as_str).all(|k| matches!(k, "type" | "const" | "enum") || is_annotation(k))
}

/// Whether an inline option can be merged into the schema that holds it:
/// it is no `$ref`, and the two share no keyword but annotations (where
/// the outer one wins).
fn mergeable(option: &Mapping, outer: &Mapping) -> bool {
    !option.contains_key("$ref") && option.keys().all(|k| !outer.contains_key(k) || k.as_str().is_some_and(is_annotation))
}

/// A string, number or boolean.
fn is_plain_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// The one JSON type all `values` have, as a `type` name.
fn common_type(values: &[Value]) -> Option<&'static str> {
    ["string", "integer", "number", "boolean"].into_iter().find(|t| !values.is_empty() && values.iter().all(|v| value_has_type(v, t)))
}

/// Whether `value` is of JSON type `t`.
/// Whether `map` has a `oneOf` or `anyOf` (one, not both) each of whose
/// options is a `$ref` or has a `type` among `types` (an `integer` is a
/// `number`): then a list of `types` beside it adds nothing to the options.
fn options_within(map: &Mapping, types: &[(usize, String)]) -> bool {
    let options = match (map.get("oneOf"), map.get("anyOf")) {
        (Some(Value::Sequence(options)), None) | (None, Some(Value::Sequence(options))) => options,
        _ => return false,
    };
    let listed = |t: &str| types.iter().any(|(_, l)| l == t || (l == "number" && t == "integer"));
    !options.is_empty()
        && options.iter().all(|option| {
            let Value::Mapping(option) = option else { return false };
            if option.contains_key("$ref") {
                return true;
            }
            match option.get("type") {
                Some(Value::String(t)) => listed(t),
                Some(Value::Sequence(ts)) => ts.iter().all(|t| t.as_str().is_some_and(|t| t == "null" || listed(t))),
                _ => false,
            }
        })
}

fn value_has_type(value: &Value, t: &str) -> bool {
    match (value, t) {
        (Value::String(_), "string") | (Value::Bool(_), "boolean") | (Value::Sequence(_), "array") | (Value::Mapping(_), "object") => true,
        (Value::Number(n), "integer") => n.is_i64() || n.is_u64(),
        (Value::Number(_), "number") => true,
        _ => false,
    }
}

/// Whether keyword `name` constrains values of type `t` (for splitting a
/// schema with a `type` list into one option per type). `format` goes to
/// the one type it is a format of.
fn keyword_applies(name: &str, t: &str, format: Option<&str>, types: &[(usize, String)]) -> bool {
    let has = |other: &str| types.iter().any(|(_, t)| t == other);
    match name {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => t == "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => t == "integer" || t == "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" => t == "array",
        "properties" | "required" | "additionalProperties" | "patternProperties" | "minProperties" | "maxProperties" | "discriminator" => {
            t == "object"
        }
        "format" => match format {
            Some("int32" | "int64") => t == "integer" || (t == "number" && !has("integer")),
            Some("float" | "double") => t == "number" || (t == "integer" && !has("number")),
            _ => t == "string",
        },
        _ => false,
    }
}

/// Whether a media type is text, whose content a JSON string holds as is.
fn is_text(media_type: &str) -> bool {
    let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media_type.starts_with("text/")
        || media_type == "application/json"
        || media_type.ends_with("+json")
        || media_type.ends_with("/xml")
        || media_type.ends_with("+xml")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Dialect, Upgrader};
    use crate::shape::Node;

    /// `schema` (YAML) as a 3.1 document's schema is rewritten; with the
    /// pointers of the warnings, as written.
    fn upgrade(schema: &str) -> (serde_yaml::Value, Vec<String>) {
        let mut value: serde_yaml::Value = serde_yaml::from_str(schema).expect("YAML");
        let mut upgrader = Upgrader::new(Dialect::V3_1, Path::new("t.yaml"));
        upgrader.node(&mut value, Node::Schema, "/S");
        (value, upgrader.diagnostics.iter().map(|d| d.pointer.clone()).collect())
    }

    fn yaml(text: &str) -> serde_yaml::Value {
        serde_yaml::from_str(text).expect("YAML")
    }

    #[test]
    fn type_lists_become_nullable_types_or_unions() {
        assert_eq!(upgrade("{type: [string, 'null'], maxLength: 3}").0, yaml("{type: string, maxLength: 3, nullable: true}"));
        assert_eq!(
            upgrade("{type: [string, integer, 'null'], maxLength: 3, minimum: 1, format: int64, enum: [a, 1]}").0,
            yaml(
                "{oneOf: [{type: string, maxLength: 3, enum: [a]}, {type: integer, minimum: 1, format: int64, enum: [1]}], nullable: true}"
            )
        );
        let (value, warnings) = upgrade("{type: 'null'}");
        assert_eq!((value, warnings), (yaml("{nullable: true}"), vec!["/S/type".to_owned()]));
    }

    #[test]
    fn a_type_list_beside_options_of_those_types_only_adds_null() {
        // How GitHub's webhooks write a nullable union.
        let (value, warnings) = upgrade("{oneOf: [{type: string}, {type: array, items: {type: string}}], type: ['null', string, array]}");
        assert_eq!((value, warnings), (yaml("{oneOf: [{type: string}, {type: array, items: {type: string}}], nullable: true}"), vec![]));
        let (value, _) = upgrade("{anyOf: [{type: string}, {type: integer}, {$ref: '#/components/schemas/N'}], type: [string, number]}");
        assert_eq!(value, yaml("{anyOf: [{type: string}, {type: integer}, {$ref: '#/components/schemas/N'}]}"));
        // An option the list narrows (no `type` of its own, or another) is
        // not read.
        for schema in
            ["{oneOf: [{minLength: 1}, {minimum: 1}], type: [string, integer]}", "{oneOf: [{type: object}], type: [string, 'null', array]}"]
        {
            let (_, errors) = upgrade(schema);
            assert_eq!(errors, vec!["/S/type".to_owned()], "{schema}");
        }
    }

    #[test]
    fn null_options_make_the_rest_nullable() {
        // One inline option: merged (the outer description wins).
        assert_eq!(
            upgrade("{description: outer, anyOf: [{type: string, description: inner}, {type: 'null'}]}").0,
            yaml("{description: outer, nullable: true, type: string}")
        );
        // One `$ref`: kept as the one part of an `allOf`.
        assert_eq!(upgrade("{oneOf: [{type: 'null'}, {$ref: '#/X'}]}").0, yaml("{nullable: true, allOf: [{$ref: '#/X'}]}"));
        // Several: still a union.
        assert_eq!(
            upgrade("{oneOf: [{$ref: '#/A'}, {const: null}, {$ref: '#/B'}]}").0,
            yaml("{nullable: true, oneOf: [{$ref: '#/A'}, {$ref: '#/B'}]}")
        );
    }

    #[test]
    fn consts_become_enums() {
        assert_eq!(upgrade("{const: circle}").0, yaml("{type: string, enum: [circle]}"));
        assert_eq!(
            upgrade("{type: integer, oneOf: [{const: 1, title: DM, description: Direct}, {const: 3, title: GROUP_DM}]}").0,
            yaml("{type: integer, enum: [1, 3], x-enum-varnames: [DM, GROUP_DM], x-enum-descriptions: [Direct, '']}")
        );
    }

    #[test]
    fn ref_siblings_override_through_all_of() {
        assert_eq!(upgrade("{$ref: '#/X', description: d}").0, yaml("{description: d, allOf: [{$ref: '#/X'}]}"));
        assert_eq!(upgrade("{$ref: '#/X'}").0, yaml("{$ref: '#/X'}"));
    }

    #[test]
    fn bounds_encodings_tuples_and_maps() {
        assert_eq!(upgrade("{type: number, exclusiveMinimum: 0}").0, yaml("{type: number, minimum: 0, exclusiveMinimum: true}"));
        // The inclusive bound is already stricter.
        assert_eq!(upgrade("{type: number, minimum: 5, exclusiveMinimum: 0}").0, yaml("{type: number, minimum: 5}"));
        assert_eq!(upgrade("{type: string, contentEncoding: base64}").0, yaml("{type: string, format: byte}"));
        assert_eq!(upgrade("{contentMediaType: image/png}").0, yaml("{format: binary, type: string}"));
        assert_eq!(
            upgrade("{type: array, prefixItems: [{type: number}, {type: number}], items: false}").0,
            yaml("{type: array, items: {type: number}, maxItems: 2}")
        );
        let (value, warnings) = upgrade("{type: array, prefixItems: [{type: number}, {type: string}]}");
        assert_eq!((value, warnings), (yaml("{type: array, items: {}}"), vec!["/S/prefixItems".to_owned()]));
        assert_eq!(
            upgrade("{type: object, patternProperties: {'^a': {type: string}}}").0,
            yaml("{type: object, additionalProperties: {type: string}}")
        );
    }

    #[test]
    fn what_is_ignored_is_warned_where_written() {
        let (value, warnings) = upgrade("{type: object, properties: {a: false, b: true}, not: {required: [a]}, if: {}, examples: [1, 2]}");
        assert_eq!(value, yaml("{type: object, properties: {b: {}}, example: 1}"));
        assert_eq!(warnings, ["/S/properties/a", "/S/not", "/S/if"]);
    }

    /// Nested rewrites compose: a warning inside an option that moved is
    /// reported where the option was written.
    #[test]
    fn nested_moves_compose() {
        let mut value: serde_yaml::Value = yaml("{oneOf: [{type: 'null'}, {type: object, properties: {x: {type: 'null'}}}]}");
        let mut upgrader = Upgrader::new(Dialect::V3_1, Path::new("t.yaml"));
        upgrader.walk(&mut value, Node::Schema, "/S");
        let pointers: Vec<&str> = upgrader.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/S/oneOf/1/properties/x/type"]);
        assert_eq!(upgrader.moves.original("/S/properties/x/nullable"), "/S/oneOf/1/properties/x/nullable");
    }
}
