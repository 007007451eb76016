//! Generation time against the spec's size, with parsing the YAML alone as
//! the floor, and peak memory.
//!
//! Synthetic specs of 100, 1,000 and 10,000 schemas (objects with strings,
//! integers, a date-time, an enum, a nested inline object, an array of and
//! a reference to another schema; every fifth schema a oneOf) plus one
//! operation per five schemas (path and query parameters, a JSON body, three
//! responses), built deterministically here. Criterion measures the 100 and
//! 1,000 sizes; 10,000 is timed over a few runs, since one run takes a while.
//!
//! Run: `cargo bench -p generator --bench generate`.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::Criterion;
use generator::SourceFile;

/// Counts live and peak heap bytes, to report peak memory per run. Counting
/// is switched on only for the run that measures the peak: two threads
/// updating the same counters on every allocation would slow the timed runs
/// down by more than half, which no user of the generator pays.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn spec(schemas: usize) -> String {
    let mut y = String::with_capacity(schemas * 700);
    y.push_str("openapi: 3.0.3\ninfo: {title: Synthetic, version: \"1\"}\npaths:\n");
    for op in 0..schemas / 5 {
        let target = op * 5;
        let _ = write!(
            y,
            "  /things{op}/{{thingId}}:\n    post:\n      operationId: updateThing{op}\n      parameters:\n        - {{name: thingId, in: path, required: true, schema: {{type: string}}}}\n        - {{name: limit, in: query, schema: {{type: integer, minimum: 1}}}}\n        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}}}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: \"#/components/schemas/Thing{target}\"}}\n      responses:\n        \"200\":\n          description: OK\n          content:\n            application/json:\n              schema: {{$ref: \"#/components/schemas/Thing{target}\"}}\n        \"404\": {{description: Not found}}\n        default:\n          description: Error\n          content:\n            application/json:\n              schema: {{$ref: \"#/components/schemas/Problem\"}}\n"
        );
    }
    y.push_str("components:\n  schemas:\n    Problem:\n      type: object\n      required: [title]\n      properties:\n        title: {type: string}\n        status: {type: integer, format: int32}\n    Kind: {type: string, enum: [small, medium, large]}\n");
    for i in 0..schemas {
        let next = (i + 1) % schemas;
        if i % 5 == 4 {
            let _ = write!(
                y,
                "    Thing{i}:\n      oneOf:\n        - $ref: \"#/components/schemas/Thing{a}\"\n        - $ref: \"#/components/schemas/Thing{b}\"\n",
                a = i - 4,
                b = i - 3
            );
            continue;
        }
        let _ = write!(
            y,
            "    Thing{i}:\n      description: Thing number {i}.\n      type: object\n      required: [id, kind]\n      properties:\n        id: {{type: string, description: The id.}}\n        kind: {{type: string, enum: [kind{i}]}}\n        size: {{$ref: \"#/components/schemas/Kind\"}}\n        count: {{type: integer, format: int64}}\n        createdAt: {{type: string, format: date-time}}\n        dimensions:\n          type: object\n          properties:\n            width: {{type: number}}\n            height: {{type: number}}\n        related:\n          type: array\n          items: {{$ref: \"#/components/schemas/Thing{next}\"}}\n"
        );
    }
    y
}

fn generate(source: &SourceFile) -> generator::Generated {
    let config = generator::Config { spec_display: "synthetic.yaml".into(), crate_name: "synthetic".into() };
    generator::generate(source, &config).expect("the synthetic spec generates")
}

fn parse_only(text: &str) -> openapiv3::OpenAPI {
    serde_yaml::from_str(text).expect("the synthetic spec parses")
}

/// (median generate, median parse) over `runs` interleaved runs, and the peak
/// heap of one generation.
fn measure(text: &str, runs: usize) -> (Duration, Duration, usize) {
    let source = SourceFile::new("synthetic.yaml", text);
    let (mut g, mut p) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        black_box(parse_only(black_box(text)));
        p.push(t.elapsed());
        let t = Instant::now();
        black_box(generate(black_box(&source)));
        g.push(t.elapsed());
    }
    g.sort();
    p.sort();
    // Growth over what was live before the run (memory freed during the run
    // that was allocated before it counts as negative).
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    black_box(generate(&source));
    COUNTING.store(false, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
    (g[runs / 2], p[runs / 2], peak)
}

fn main() {
    // As xtask does (see its `no_huge_pages`): mimalloc's arenas get
    // transparent huge pages otherwise, and a run can spend more time
    // zeroing and compacting memory in the kernel than generating.
    #[cfg(target_os = "linux")]
    // SAFETY: integer arguments only; changes this process's memory policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let sizes = [100, 1_000, 10_000];
    let texts: Vec<String> = sizes.iter().map(|&n| spec(n)).collect();

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    for (n, text) in sizes.iter().zip(&texts).take(2) {
        let source = SourceFile::new("synthetic.yaml", text.as_str());
        let mut group = c.benchmark_group(format!("schemas_{n}"));
        group.bench_function("generate", |b| b.iter(|| generate(black_box(&source))));
        group.bench_function("parse_only", |b| b.iter(|| parse_only(black_box(text))));
        group.finish();
    }
    c.final_summary();

    println!("\n| schemas | operations | spec | generate (median) | parse only (median) | ratio | per schema | peak heap |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (n, text) in sizes.iter().zip(&texts) {
        let runs = if *n >= 10_000 { 3 } else { 7 };
        let (g, p, peak) = measure(text, runs);
        let files = generate(&SourceFile::new("synthetic.yaml", text.as_str())).files.len();
        println!(
            "| {n} | {} | {:.1} MB | {:.1} ms ({files} files) | {:.1} ms | {:.2}x | {:.1} us | {:.0} MB |",
            n / 5,
            text.len() as f64 / 1e6,
            g.as_secs_f64() * 1e3,
            p.as_secs_f64() * 1e3,
            g.as_secs_f64() / p.as_secs_f64(),
            g.as_secs_f64() * 1e6 / *n as f64,
            peak as f64 / 1e6
        );
    }
}
