//! Round trips of the samples in `samples.json`, JSON instances of the spec's
//! component schemas built from the schemas themselves and the examples the
//! spec carries: each is decoded into the type generated for its schema (the
//! way a response body is: `runtime::from_json_slice`), encoded again and
//! compared with the sample as JSON (numbers by value: `1` and `1.0` are the
//! same number, and so are the date-times `...+00:00` and `...Z`, which RFC
//! 3339 says are the same instant and offset). Written into a scratch copy of a generated crate by the
//! tests crate (`tests/tests/all/real_specs.rs`, from
//! `tests/templates/round_trip.rs`), which reads `round-trips.json` back and
//! judges it; this test fails only when it cannot read or write them.

// Every schema is round-tripped, the deprecated ones too.
#![allow(deprecated)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `sample` as `T`, encodes it again and compares.
fn round_trip<T: DeserializeOwned + Serialize>(sample: &Value) -> Result<(), String> {
    let text = serde_json::to_vec(sample).map_err(|e| format!("cannot be written: {e}"))?;
    let decoded: T =
        CRATE::runtime::from_json_slice(&text).map_err(|e| format!("does not decode: {}", e.to_string().replace('\u{1}', "\\u{1}")))?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))?;
    if let Some(difference) = difference(sample, &encoded, String::new()) {
        return Err(difference);
    }
    Ok(())
}

/// Where `a` and `b` first differ (a JSON path), and how.
fn difference(a: &Value, b: &Value, at: String) -> Option<String> {
    let short = |v: &Value| {
        let text = v.to_string();
        if text.chars().count() > 80 {
            format!("{}...", text.chars().take(80).collect::<String>())
        } else {
            text
        }
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        (Value::String(x), Value::String(y))
            if x.strip_suffix("+00:00").is_some_and(|t| t.len() >= 19 && y.strip_suffix('Z') == Some(t)) =>
        {
            None
        }
        (Value::Object(x), Value::Object(y)) => {
            if let Some(key) = x.keys().find(|k| !y.contains_key(*k)) {
                return Some(format!("{at}.{key} is dropped"));
            }
            if let Some(key) = y.keys().find(|k| !x.contains_key(*k)) {
                return Some(format!("{at}.{key} is added: {}", short(&y[key.as_str()])));
            }
            x.iter().find_map(|(key, v)| difference(v, &y[key.as_str()], format!("{at}.{key}")))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| difference(v, w, format!("{at}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{} {} comes back as {}", if at.is_empty() { "the value" } else { at.as_str() }, short(a), short(b))),
    }
}

/// The round trip of the type generated for each component schema.
fn check(ty: &str, sample: &Value) -> Result<(), String> {
    match ty {
        // TYPES
        _ => Err(format!("no type `{ty}` in this crate")),
    }
}

#[test]
fn samples_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join("samples.json")).expect("samples.json is readable");
    let samples: Vec<Value> = serde_json::from_str(&text).expect("samples.json is JSON");
    let results: Vec<Value> = samples
        .iter()
        .map(|s| {
            let outcome = check(s["type"].as_str().unwrap_or_default(), &s["value"]);
            serde_json::json!({"id": s["id"], "error": outcome.err()})
        })
        .collect();
    let results = serde_json::to_string(&results).expect("results are JSON");
    std::fs::write(dir.join("round-trips.json"), results).expect("round-trips.json is writable");
}
