//! Round trips of a spec's own samples through the crate generated from it:
//! the files that join a scratch copy of the crate (the samples of
//! [`crate::samples`] as `samples.json`, and the test that decodes and
//! re-encodes each, from `tests/templates/round_trip.rs`), and the report of
//! what came back. One `cargo test` in the scratch workspace runs them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::samples::{self, Sample};

/// The samples of one spec, each with the Rust type of its schema.
pub struct Plan {
    samples: Vec<Sample>,
    examples: Vec<Sample>,
    /// Component schema key -> the Rust type generated for it.
    types: BTreeMap<String, String>,
    /// Every component schema key, in spec order.
    schemas: Vec<String>,
}

impl Plan {
    /// The samples and examples of `spec`'s component schemas, and the type
    /// the generator made of each (the one whose origin is the schema).
    pub fn new(spec: &Value, api: &generator::ir::Api) -> Plan {
        let schemas: Vec<String> =
            spec.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.clone()).collect();
        let types = schemas
            .iter()
            .filter_map(|key| {
                let origin = format!("/components/schemas/{}", key.replace('~', "~0").replace('/', "~1"));
                api.types.iter().find(|t| t.origin == origin).map(|t| (key.clone(), t.name.clone()))
            })
            .collect();
        Plan { samples: samples::samples(spec), examples: samples::examples(spec), types, schemas }
    }

    /// The files to add to the crate `crate_name` (its Rust name) beside the
    /// generated ones.
    pub fn files(&self, crate_name: &str) -> Vec<(String, Vec<u8>)> {
        let listed: Vec<Value> = self
            .all()
            .enumerate()
            .filter_map(|(id, s)| Some(json!({"id": id, "type": self.types.get(&s.schema)?, "value": s.value})))
            .collect();
        let arms: String = self
            .types
            .values()
            .collect::<BTreeSet<_>>()
            .iter()
            .map(|ty| format!("        \"{ty}\" => round_trip::<{crate_name}::models::{ty}>(sample),\n"))
            .collect();
        let test =
            include_str!("../templates/round_trip.rs").replace("CRATE::", &format!("{crate_name}::")).replace("        // TYPES\n", &arms);
        vec![
            ("samples.json".to_owned(), serde_json::to_vec(&listed).expect("samples are JSON")),
            ("tests/round_trip.rs".to_owned(), test.into_bytes()),
        ]
    }

    /// The samples, then the examples, as numbered in `samples.json`.
    fn all(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter().chain(&self.examples)
    }

    /// What came back, from the `round-trips.json` the scratch test wrote.
    pub fn judge(&self, results: &str) -> Report {
        let results: Vec<Value> = serde_json::from_str(results).expect("round-trips.json is JSON");
        let errors: BTreeMap<u64, String> =
            results.iter().filter_map(|r| Some((r["id"].as_u64()?, r["error"].as_str().map(str::to_owned).unwrap_or_default()))).collect();
        let outcome = |id: usize, s: &Sample| -> Result<(), String> {
            if !self.types.contains_key(&s.schema) {
                return Err("no type is generated for this schema".to_owned());
            }
            match errors.get(&(id as u64)) {
                None => Err("not run".to_owned()),
                Some(e) if e.is_empty() => Ok(()),
                Some(e) => Err(e.clone()),
            }
        };
        let mut report = Report { schemas: self.schemas.len(), ..Report::default() };
        let mut failed_schemas = BTreeSet::new();
        let mut with_samples = BTreeSet::new();
        for (id, s) in self.all().enumerate() {
            let is_example = id >= self.samples.len();
            let result = outcome(id, s);
            if is_example {
                report.examples += 1;
                report.examples_held += usize::from(result.is_ok());
            } else {
                with_samples.insert(&s.schema);
                report.samples += 1;
                report.samples_held += usize::from(result.is_ok());
                if result.is_err() {
                    failed_schemas.insert(&s.schema);
                }
            }
            if let Err(reason) = result {
                report.exceptions.push(format!("{} ({}): {reason}", s.schema, s.case));
            }
        }
        report.schemas_with_samples = with_samples.len();
        report.schemas_held = with_samples.len() - failed_schemas.len();
        report
    }
}

/// Counts of one spec's round trips, and each that does not hold.
#[derive(Debug, Default)]
pub struct Report {
    /// Component schemas.
    pub schemas: usize,
    /// Component schemas with at least one sample.
    pub schemas_with_samples: usize,
    /// Those whose every sample round-trips.
    pub schemas_held: usize,
    /// Samples built from the schemas.
    pub samples: usize,
    /// Those that round-trip.
    pub samples_held: usize,
    /// Examples the spec carries for component schemas.
    pub examples: usize,
    /// Those that round-trip.
    pub examples_held: usize,
    /// `schema (case): reason`, for each sample or example that does not.
    pub exceptions: Vec<String>,
}

impl Report {
    /// Whether at least 99% of the component schemas round-trip every sample
    /// (issue 10's bar for every corpus spec).
    pub fn meets_target(&self) -> bool {
        self.schemas_held * 100 >= self.schemas * 99
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        let target = if self.meets_target() { "meets" } else { "MISSES" };
        let _ = writeln!(
            out,
            "round trips: {} of {} component schemas round-trip every sample ({target} the 99% target; {} have samples); {} of {} samples; {} of {} examples",
            self.schemas_held, self.schemas, self.schemas_with_samples, self.samples_held, self.samples, self.examples_held, self.examples
        );
        for exception in &self.exceptions {
            let _ = writeln!(out, "  {exception}");
        }
        f.write_str(&out)
    }
}
