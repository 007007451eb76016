//! How fast the generated models are, against the floor: hand-written plain
//! `#[derive(Deserialize, Serialize)]` structs of the same shape, with
//! `#[serde(tag = "type")]` for the union and unknown fields dropped.
//!
//! The payload is a large annotated-interactions response built
//! deterministically here: both union options, every content-block kind, and
//! unknown fields on items, annotations and blocks. After criterion's
//! measurements, an interleaved run prints the ratios (generated / floor) with
//! the spread of the per-round times, so noise on a shared machine shows.
//!
//! Run: `cargo bench -p tests --bench serde_speed`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use generated::models::LlmObsAnnotatedInteractionsResponse;
use serde_json::{json, Value};

/// The floor: what a careful person would write by hand with serde's derive.
mod floor {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    #[derive(Deserialize, Serialize)]
    pub struct Response {
        pub data: Data,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Data {
        pub attributes: Attributes,
        pub id: String,
        #[serde(rename = "type")]
        pub type_: String,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Attributes {
        pub annotated_interactions: Vec<Item>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(tag = "type")]
    pub enum Item {
        #[serde(rename = "trace")]
        Trace(Upstream),
        #[serde(rename = "experiment_trace")]
        ExperimentTrace(Upstream),
        #[serde(rename = "session")]
        Session(Upstream),
        #[serde(rename = "display_block")]
        DisplayBlock(DisplayBlock),
    }

    #[derive(Deserialize, Serialize)]
    pub struct Upstream {
        pub annotations: Vec<Annotation>,
        pub content_id: String,
        pub created_at: DateTime<Utc>,
        pub id: String,
        pub modified_at: DateTime<Utc>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct DisplayBlock {
        pub annotations: Vec<Annotation>,
        pub content_id: String,
        pub display_block: Vec<Block>,
        pub id: String,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Annotation {
        pub created_at: DateTime<Utc>,
        pub created_by: String,
        pub id: String,
        pub interaction_id: String,
        pub label_values: Value,
        pub modified_at: DateTime<Utc>,
        pub modified_by: String,
    }

    #[derive(Deserialize, Serialize)]
    pub struct Block {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub alt: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub content: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub height: Option<i64>,
        #[serde(rename = "interactionType", skip_serializing_if = "Option::is_none")]
        pub interaction_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub label: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub level: Option<String>,
        #[serde(rename = "tileDef", skip_serializing_if = "Option::is_none")]
        pub tile_def: Option<Value>,
        #[serde(rename = "timeFrame", skip_serializing_if = "Option::is_none")]
        pub time_frame: Option<TimeFrame>,
        #[serde(rename = "traceId", skip_serializing_if = "Option::is_none")]
        pub trace_id: Option<String>,
        #[serde(rename = "type")]
        pub type_: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
    }

    #[derive(Deserialize, Serialize)]
    pub struct TimeFrame {
        pub end: i64,
        pub start: i64,
    }
}

const ITEMS: usize = 2_400;

fn annotation(i: usize, k: usize) -> Value {
    json!({
        "created_at": "2024-01-15T10:30:00Z",
        "created_by": format!("user-{}", (i + k) % 17),
        "id": format!("annotation-{i}-{k}"),
        "interaction_id": format!("interaction-{i}"),
        "label_values": {"quality": if (i + k) % 3 == 0 { "good" } else { "bad" }, "score": (i * 7 + k) % 10},
        "modified_at": "2024-01-15T11:45:30Z",
        "modified_by": "00000000-0000-0000-0000-000000000002",
        "source": "ui"
    })
}

fn block(i: usize, kind: &str) -> Value {
    let mut b = json!({"type": kind, "label": format!("Block {i}"), "rendered_by": "v2"});
    let o = b.as_object_mut().expect("an object");
    match kind {
        "markdown" | "text" => {
            o.insert("content".into(), json!(format!("## Triage {i}\nSome *markdown* text for item {i}.")));
        }
        "header" => {
            o.insert("content".into(), json!(format!("Header {i}")));
            let level = ["sm", "md", "lg", "xl"][i % 4];
            o.insert("level".into(), json!(level));
        }
        "json" => {
            o.insert("content".into(), json!({"k": i, "list": [1, 2, 3], "nested": {"ok": true}}));
        }
        "image" => {
            o.insert("url".into(), json!(format!("https://example.com/{i}.png")));
            o.insert("alt".into(), json!("An image"));
            o.insert("height".into(), json!(240));
        }
        "widget" => {
            o.insert("tileDef".into(), json!({"viz": "timeseries", "requests": [{"q": "avg:system.cpu.user{*}"}]}));
            o.insert("timeFrame".into(), json!({"start": 1_705_312_200_000_i64 + i as i64, "end": 1_705_315_800_000_i64 + i as i64}));
        }
        _ => {
            o.insert("traceId".into(), json!(format!("69fcc2bb00000000{i:016x}")));
            o.insert("interactionType".into(), json!(if i % 2 == 0 { "trace" } else { "experiment_trace" }));
        }
    }
    b
}

/// The payload: `ITEMS` interactions alternating between the union's options.
fn payload() -> String {
    const KINDS: [&str; 7] = ["markdown", "header", "text", "json", "image", "widget", "llmobs_trace"];
    let items: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let annotations: Vec<Value> = (0..2).map(|k| annotation(i, k)).collect();
            let upstream_type = ["trace", "experiment_trace", "session"][(i / 2) % 3];
            if i % 2 == 0 {
                json!({
                    "annotations": annotations,
                    "content_id": format!("trace-{i}"),
                    "created_at": "2024-01-15T10:30:00Z",
                    "id": format!("interaction-{i}"),
                    "modified_at": "2024-01-15T10:30:00Z",
                    "type": upstream_type,
                    "can_annotate": true
                })
            } else {
                json!({
                    "annotations": annotations,
                    "content_id": format!("blocks-{i}"),
                    "display_block": KINDS.iter().map(|k| block(i, k)).collect::<Vec<_>>(),
                    "id": format!("interaction-{i}"),
                    "type": "display_block",
                    "can_annotate": false
                })
            }
        })
        .collect();
    json!({
        "data": {
            "attributes": {"annotated_interactions": items},
            "id": "00000000-0000-0000-0000-000000000001",
            "type": "annotated_interactions"
        }
    })
    .to_string()
}

/// Per-round times of two closures run alternately, so both see the same noise.
fn interleaved(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Vec<Duration>, Vec<Duration>) {
    let (mut ta, mut tb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        a();
        ta.push(t.elapsed());
        let t = Instant::now();
        b();
        tb.push(t.elapsed());
    }
    ta.sort();
    tb.sort();
    (ta, tb)
}

fn spread(times: &[Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!("min {:.2} ms, median {:.2} ms, max {:.2} ms", ms(times[0]), ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

fn ratio_line(what: &str, generated: &[Duration], floor: &[Duration], target: f64) {
    let r = |i: usize| generated[i].as_secs_f64() / floor[i].as_secs_f64();
    let median = r(generated.len() / 2);
    println!("{what}: generated {}", spread(generated));
    println!("{what}: floor     {}", spread(floor));
    println!(
        "{what}: ratio generated/floor = {median:.3} (min-to-min {:.3}, max-to-max {:.3}); target <= {target} -> {}",
        r(0),
        r(generated.len() - 1),
        if median <= target { "met" } else { "MISSED" }
    );
}

fn main() {
    let mut text = payload();
    if std::env::var_os("BENCH_NO_UNKNOWN").is_some() {
        for junk in [r#","source":"ui""#, r#","can_annotate":true"#, r#","can_annotate":false"#, r#","rendered_by":"v2""#] {
            text = text.replace(junk, "");
        }
    }
    let generated: LlmObsAnnotatedInteractionsResponse = serde_json::from_str(&text).expect("the payload parses into the generated types");
    let floor: floor::Response = serde_json::from_str(&text).expect("the payload parses into the floor types");
    // The generated types keep everything, so they round-trip exactly.
    assert_eq!(serde_json::to_value(&generated).expect("serializes"), serde_json::from_str::<Value>(&text).expect("JSON"));
    println!("payload: {} interactions, {} bytes", ITEMS, text.len());

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut group = c.benchmark_group("deserialize");
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<LlmObsAnnotatedInteractionsResponse>(black_box(&text)).expect("parses"))
    });
    group.bench_function("floor", |b| b.iter(|| serde_json::from_str::<floor::Response>(black_box(&text)).expect("parses")));
    group.finish();
    let mut group = c.benchmark_group("serialize");
    group.bench_function("generated", |b| b.iter(|| serde_json::to_vec(black_box(&generated)).expect("serializes")));
    group.bench_function("floor", |b| b.iter(|| serde_json::to_vec(black_box(&floor)).expect("serializes")));
    group.finish();
    c.final_summary();

    let rounds = 60;
    let (g, f) = interleaved(
        rounds,
        || drop(black_box(serde_json::from_str::<LlmObsAnnotatedInteractionsResponse>(black_box(&text)).expect("parses"))),
        || drop(black_box(serde_json::from_str::<floor::Response>(black_box(&text)).expect("parses"))),
    );
    println!("\n--- interleaved, {rounds} rounds each ---");
    ratio_line("deserialize", &g, &f, 1.0);
    let (g, f) = interleaved(
        rounds,
        || drop(black_box(serde_json::to_vec(black_box(&generated)).expect("serializes"))),
        || drop(black_box(serde_json::to_vec(black_box(&floor)).expect("serializes"))),
    );
    ratio_line("serialize", &g, &f, 1.1);
}
