//! Allocations the event-stream decoder makes, counted by a global allocator
//! (counts are deterministic, so this is a test, not a timing; the speed is
//! `benches/event_stream.rs`). The goal of issue 12: reading a stream of
//! chat-completion chunk events costs at most one allocation per event
//! beyond those of the parsed value.
//!
//! The allocator counts only on a thread that asked it to, so the other
//! tests of this binary, running in parallel, do not disturb the counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use generated_requests::models::ChatCompletionChunk;
use generated_requests::runtime::{EventDecoder, EventReader};

struct Counting;

thread_local! {
    /// `Some(n)` while this thread counts: `n` allocations so far.
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

fn tally() {
    // `try_with`: the allocator may run while the thread's locals are torn down.
    let _ = COUNT.try_with(|count| {
        if let Some(n) = count.get() {
            count.set(Some(n + 1));
        }
    });
}

// SAFETY: every call is passed to `System` unchanged; counting touches only a
// thread-local `Cell` that needs no allocation and no destructor.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tally();
        // SAFETY: the caller's contract is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        tally();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        tally();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    COUNT.with(|count| count.set(Some(0)));
    let result = f();
    let n = COUNT.with(|count| count.replace(None)).expect("counting");
    (n, result)
}

const EVENTS: usize = 2_000;

/// OpenAI's chunks, as `benches/event_stream.rs` writes them.
fn payloads() -> Vec<String> {
    const WORDS: [&str; 8] = [" the", " model", " streams", " tokens", ",", " one", " at", " a time."];
    (0..EVENTS)
        .map(|i| {
            let delta = if i == 0 { r#"{"role":"assistant","content":""}"#.to_string() } else { format!(r#"{{"content":"{}"}}"#, WORDS[i % 8]) };
            format!(
                r#"{{"id":"chatcmpl-9xQ3bVfZk2LmNpRsTuVwXyZ01","object":"chat.completion.chunk","created":1730000000,"model":"gpt-4o-mini","choices":[{{"index":0,"delta":{delta},"logprobs":null,"finish_reason":null}}]}}"#
            )
        })
        .collect()
}

fn body(payloads: &[String], line_end: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for payload in payloads {
        body.extend_from_slice(format!("data: {payload}{line_end}{line_end}").as_bytes());
    }
    body.extend_from_slice(format!("data: [DONE]{line_end}{line_end}").as_bytes());
    body
}

/// A generated client's `*_events` stream without the socket: each chunk
/// fed to the runtime's `EventReader`, then its items taken.
fn decode(chunks: &[&[u8]]) -> Vec<ChatCompletionChunk> {
    let mut reader = EventReader::<ChatCompletionChunk, &[u8]>::new();
    let mut items = Vec::with_capacity(EVENTS);
    for chunk in chunks {
        reader.feed(chunk);
        while let Some(item) = reader.next_item() {
            items.push(item.expect("a chunk"));
        }
        if reader.is_done() {
            break;
        }
    }
    items
}

#[test]
fn decoding_an_event_costs_at_most_one_allocation_beyond_its_value() {
    let payloads = payloads();
    // The parsed values' own allocations: serde_json alone on the payloads.
    let (parsing, expected) = allocations(|| {
        let mut items = Vec::with_capacity(EVENTS);
        for payload in &payloads {
            items.push(serde_json::from_str::<ChatCompletionChunk>(payload).expect("a chunk"));
        }
        items
    });
    assert!(parsing >= EVENTS, "each value holds strings: {parsing}");
    for line_end in ["\n", "\r\n", "\r"] {
        let body = body(&payloads, line_end);
        // Whole events per chunk, lines cut across chunks, and one byte at a time.
        for size in [body.len(), 4096, 7, 1] {
            let chunks: Vec<&[u8]> = body.chunks(size).collect();
            let (total, items) = allocations(|| decode(&chunks));
            assert_eq!(items, expected, "{line_end:?} in chunks of {size}");
            // The decoder's buffers and their growth (a few doublings up to
            // the longest line), and the reader's queue, are per stream.
            let per_stream = 24;
            let beyond = total - parsing;
            assert!(
                beyond <= EVENTS + per_stream,
                "{line_end:?} in chunks of {size}: {beyond} allocations beyond the values' own for {EVENTS} events ({total} in all, {parsing} parsing alone)"
            );
        }
    }
}

#[test]
fn the_decoder_alone_allocates_only_each_events_data() {
    let payloads = payloads();
    let body = body(&payloads, "\n");
    let mut decoder = EventDecoder::new();
    // Warm: one event, so the decoder's buffers exist.
    decoder.feed(b"data: {}\n\n", |_| {}).expect("reads");
    let mut events = 0;
    let (n, ()) = allocations(|| {
        decoder
            .feed(&body, |event| {
                events += 1;
                drop(event)
            })
            .expect("reads")
    });
    assert_eq!(events, EVENTS + 1);
    assert!(n <= events, "{n} allocations for {events} events");
}

/// Events that carry an `id` (each its own, as resumable streams send
/// them) cost no more: the ID is kept in one buffer of the decoder, reused,
/// and read by reference (`EventDecoder::last_event_id`), never copied into
/// each typed item.
#[test]
fn events_with_ids_cost_at_most_one_allocation_beyond_their_value() {
    let payloads = payloads();
    let (parsing, expected) =
        allocations(|| payloads.iter().map(|p| serde_json::from_str::<ChatCompletionChunk>(p).expect("a chunk")).collect::<Vec<_>>());
    for line_end in ["\n", "\r\n"] {
        let mut body = Vec::new();
        for (i, payload) in payloads.iter().enumerate() {
            body.extend_from_slice(format!("id: chatcmpl-{i:08}{line_end}data: {payload}{line_end}{line_end}").as_bytes());
        }
        body.extend_from_slice(format!("data: [DONE]{line_end}{line_end}").as_bytes());
        for size in [body.len(), 4096, 7, 1] {
            let chunks: Vec<&[u8]> = body.chunks(size).collect();
            let (total, items) = allocations(|| {
                let mut reader = EventReader::<ChatCompletionChunk, &[u8]>::new();
                let mut items = Vec::with_capacity(EVENTS);
                for chunk in &chunks {
                    reader.feed(chunk);
                    while let Some(item) = reader.next_item() {
                        items.push(item.expect("a chunk"));
                    }
                }
                assert_eq!(reader.decoder().last_event_id(), Some(format!("chatcmpl-{:08}", EVENTS - 1).as_str()));
                items
            });
            assert_eq!(items, expected, "{line_end:?} in chunks of {size}");
            let beyond = total - parsing;
            assert!(
                beyond <= EVENTS + 24,
                "{line_end:?} in chunks of {size}: {beyond} allocations beyond the values' own for {EVENTS} events with IDs"
            );
        }
    }
}
