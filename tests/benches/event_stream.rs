//! How much reading server-sent events costs beyond parsing their JSON: a
//! body of 100,000 OpenAI-style chat-completion chunk events (`data: {...}`
//! and a blank line each, `[DONE]` at the end), cut into 4 KiB chunks as a
//! socket hands them over, read with the runtime's `EventReader` exactly as
//! a generated client's `*_events` stream does (`EventDecoder` finding the
//! events, each event's data parsed into `ChatCompletionChunk`, the
//! `streamChat` operation's schema in `tests/coverage-specs/requests.yaml`,
//! as its event ends), against `serde_json::from_slice`
//! into the same type on the same `data` payloads, already cut out.
//! The goal is at most 1.2x. After criterion's measurements, an interleaved
//! run prints the ratio with the spread of the per-round times.
//!
//! Run: `cargo bench -p tests --bench event_stream`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use generated_requests::models::ChatCompletionChunk;
use generated_requests::runtime::EventReader;

const EVENTS: usize = 100_000;
const CHUNK: usize = 4096;

/// The `data` of event `i`: the first names the role, the last the finish
/// reason, the others carry a token each, as OpenAI's stream does.
fn payload(i: usize) -> String {
    const WORDS: [&str; 8] = [" the", " model", " streams", " tokens", ",", " one", " at", " a time."];
    let head = r#"{"id":"chatcmpl-9xQ3bVfZk2LmNpRsTuVwXyZ01","object":"chat.completion.chunk","created":1730000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":"#;
    let delta = if i == 0 {
        r#"{"role":"assistant","content":""}"#.to_string()
    } else if i == EVENTS - 1 {
        "{}".to_string()
    } else {
        format!(r#"{{"content":"{}"}}"#, WORDS[i % WORDS.len()])
    };
    let finish = if i == EVENTS - 1 { r#""stop""# } else { "null" };
    format!(r#"{head}{delta},"logprobs":null,"finish_reason":{finish}}}]}}"#)
}

/// What a generated client's event stream does with a body: each chunk fed
/// to the runtime's `EventReader`, then each item it read taken, up to `[DONE]`.
fn decode(chunks: &[&[u8]]) -> usize {
    let mut reader = EventReader::<ChatCompletionChunk, &[u8]>::new();
    let mut count = 0;
    for chunk in chunks {
        reader.feed(chunk);
        while let Some(item) = reader.next_item() {
            black_box(item.expect("each event is a chunk"));
            count += 1;
        }
        if reader.is_done() {
            return count;
        }
    }
    reader.finish().expect("the body ends between events");
    count
}

/// The floor: the payloads alone, parsed into the same type.
fn parse(payloads: &[&[u8]]) -> usize {
    for payload in payloads {
        black_box(serde_json::from_slice::<ChatCompletionChunk>(payload).expect("each payload is a chunk"));
    }
    payloads.len()
}

/// The CPU time this thread has had, where Linux tells it
/// (`/proc/thread-self/schedstat`, nanoseconds on a CPU): on a machine
/// shared with other work, time on the clock counts the waits for a CPU too.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(text.split_whitespace().next()?.parse().ok()?))
}

/// Per-round times of two closures run alternately, so both see the same
/// noise: CPU time where there is one, else time on the clock.
fn interleaved(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Vec<Duration>, Vec<Duration>) {
    let clock = Instant::now();
    let now = || cpu_time().unwrap_or_else(|| clock.elapsed());
    let (mut ta, mut tb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = now();
        a();
        ta.push(now() - t);
        let t = now();
        b();
        tb.push(now() - t);
    }
    ta.sort();
    tb.sort();
    (ta, tb)
}

fn spread(times: &[Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!("min {:.2} ms, median {:.2} ms, max {:.2} ms", ms(times[0]), ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

fn main() {
    let payloads: Vec<String> = (0..EVENTS).map(payload).collect();
    let mut body = Vec::new();
    for payload in &payloads {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(payload.as_bytes());
        body.extend_from_slice(b"\n\n");
    }
    body.extend_from_slice(b"data: [DONE]\n\n");
    let chunks: Vec<&[u8]> = body.chunks(CHUNK).collect();
    let payloads: Vec<&[u8]> = payloads.iter().map(|p| p.as_bytes()).collect();
    assert_eq!(decode(&chunks), EVENTS);
    assert_eq!(parse(&payloads), EVENTS);
    println!("body: {EVENTS} events, {} bytes in {} chunks of {CHUNK} bytes", body.len(), chunks.len());
    // `EVENT_STREAM_ONLY=events` (or `serde_json`, or `none`): one run of one
    // side and nothing else, for a profiler or an instruction count
    // (`valgrind --tool=cachegrind --cache-sim=no`), which a machine shared
    // with other work does not disturb; `none` counts the setup.
    if let Ok(only) = std::env::var("EVENT_STREAM_ONLY") {
        match only.as_str() {
            "events" => drop(black_box(decode(black_box(&chunks)))),
            "serde_json" => drop(black_box(parse(black_box(&payloads)))),
            _ => {}
        }
        return;
    }

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = c.benchmark_group("chat_chunks");
    group.bench_function("events", |b| b.iter(|| decode(black_box(&chunks))));
    group.bench_function("serde_json", |b| b.iter(|| parse(black_box(&payloads))));
    group.finish();
    c.final_summary();

    let rounds = 30;
    let (events, floor) = interleaved(
        rounds,
        || {
            black_box(decode(black_box(&chunks)));
        },
        || {
            black_box(parse(black_box(&payloads)));
        },
    );
    println!("\n--- interleaved, {rounds} rounds each, {} ---", if cpu_time().is_some() { "CPU time" } else { "time on the clock" });
    println!("events:     {}", spread(&events));
    println!("serde_json: {}", spread(&floor));
    let median = events[rounds / 2].as_secs_f64() / floor[rounds / 2].as_secs_f64();
    println!("ratio events/serde_json = {median:.3} (median to median); target <= 1.2 -> {}", if median <= 1.2 { "met" } else { "MISSED" });
}
