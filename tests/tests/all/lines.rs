//! Streams of JSON lines (`application/x-ndjson`, `jsonl`, `jsonlines`) and
//! RFC 7464 JSON text sequences (`application/json-seq`): the runtime's
//! sans-IO `LineReader` on samples cut at every byte (inside lines, between
//! CR and LF, inside UTF-8 characters), and the client of
//! `tests/generated-requests/` (`exportLogs` and `watchJobs` in
//! `tests/coverage-specs/requests.yaml`) reading typed items from a server on
//! 127.0.0.1 started in each test: awkward chunks, a body cut inside a line,
//! a line that does not match, an error status, and the generated server
//! (the mock) writing the stream.

use futures_util::StreamExt as _;
use generated_requests::client::{Client, Error};
use generated_requests::models::{JobUpdate, LogLine};
use generated_requests::operations::{export_logs, watch_jobs};
use generated_requests::runtime::{decode_lines, Framing, LineReader, LineStreamError};
use serde_json::json;

use crate::events::serve_as;

fn log(seq: i64, message: &str) -> LogLine {
    LogLine::new(seq, message.into())
}

/// Blank lines (empty, spaces, CR alone), LF and CRLF, multi-byte UTF-8, a
/// last line without its LF.
const SAMPLE: &[u8] = b"{\"seq\":1,\"message\":\"h\xC3\xA9\"}\n\
\r\n\
{\"seq\":2,\"level\":\"warn\",\"message\":\"\xF0\x9F\xA6\x80\"}\r\n\
   \n\
\n\
{\"seq\":3, \"message\" : \"\xE2\x80\xAE\"}\n\
{\"seq\":4,\"message\":\"end\"}";

fn expected() -> Vec<LogLine> {
    let mut warn = log(2, "🦀");
    warn.level = Some(serde_json::from_value(json!("warn")).unwrap());
    vec![log(1, "hé"), warn, log(3, "\u{202e}"), log(4, "end")]
}

/// What a reader gives for the body fed in these chunks.
fn read<T: serde::de::DeserializeOwned>(framing: Framing, chunks: &[&[u8]]) -> Vec<Result<T, LineStreamError>> {
    let mut reader = LineReader::<T, Vec<u8>>::new(framing);
    let mut items = Vec::new();
    for chunk in chunks {
        reader.feed(chunk.to_vec());
        items.extend(std::iter::from_fn(|| reader.next_item()));
    }
    reader.end();
    items.extend(std::iter::from_fn(|| reader.next_item()));
    items
}

fn ok<T>(items: Vec<Result<T, LineStreamError>>) -> Vec<T> {
    items.into_iter().map(|item| item.unwrap_or_else(|e| panic!("{e}"))).collect()
}

#[test]
fn the_reader_gives_the_same_items_however_the_body_is_cut() {
    let expected = expected();
    assert_eq!(ok(read::<LogLine>(Framing::Lines, &[SAMPLE])), expected);
    for i in 0..=SAMPLE.len() {
        for j in i..=SAMPLE.len() {
            let items = read::<LogLine>(Framing::Lines, &[&SAMPLE[..i], &SAMPLE[i..j], &SAMPLE[j..]]);
            assert_eq!(ok(items), expected, "cut at {i} and {j}");
        }
    }
    let bytes: Vec<&[u8]> = SAMPLE.chunks(1).collect();
    assert_eq!(ok(read::<LogLine>(Framing::Lines, &bytes)), expected);
}

/// RFC 7464: each record starts with 0x1E; one spread over lines (pretty
/// printed), several separators in a row, blank lines between records.
const SEQ_SAMPLE: &[u8] = b"\x1E{\"job\":\"a\",\"state\":\"queued\"}\n\
\x1E{\n  \"job\": \"b\xC3\xA9\",\r\n  \"state\": \"running\"\n}\n\
\n\
\x1E\x1E{\"job\":\"c\",\"state\":\"done\"}\r\n\
\x1E\n{\"job\":\"d\",\"state\":\"done\"}\n";

fn job(job: &str, state: &str) -> JobUpdate {
    serde_json::from_value(json!({ "job": job, "state": state })).unwrap()
}

#[test]
fn json_text_sequences_read_records_however_the_body_is_cut() {
    let expected = vec![job("a", "queued"), job("bé", "running"), job("c", "done"), job("d", "done")];
    for i in 0..=SEQ_SAMPLE.len() {
        for j in i..=SEQ_SAMPLE.len() {
            let items = read::<JobUpdate>(Framing::Seq, &[&SEQ_SAMPLE[..i], &SEQ_SAMPLE[i..j], &SEQ_SAMPLE[j..]]);
            assert_eq!(ok(items), expected, "cut at {i} and {j}");
        }
    }
    // A record that the next one begins before it is whole is an error
    // naming its line, and the next is read; a line outside any record is
    // an error too.
    let items = read::<JobUpdate>(Framing::Seq, &[b"\x1E{\"job\":\"a\",\n\x1E{\"job\":\"b\",\"state\":\"done\"}\n{\"job\":\"c\"}\n"]);
    assert!(matches!(&items[0], Err(LineStreamError::Item { line: 1, message }) if message.contains("cut short")), "{items:?}");
    assert_eq!(items[1].as_ref().unwrap(), &job("b", "done"));
    assert!(matches!(&items[2], Err(LineStreamError::Item { line: 3, message }) if message.contains("0x1E")), "{items:?}");
    assert_eq!(items.len(), 3);
}

#[test]
fn a_body_cut_inside_a_line_gives_every_complete_item_then_an_error_naming_the_line() {
    let body = b"{\"seq\":1,\"message\":\"a\"}\n\n{\"seq\":2,\"message\":\"b\"}\n{\"seq\":3,\"mes";
    for i in 0..body.len() {
        let items = read::<LogLine>(Framing::Lines, &[&body[..i], &body[i..]]);
        assert_eq!(items.len(), 3, "cut at {i}: {items:?}");
        assert_eq!(items[0].as_ref().unwrap(), &log(1, "a"));
        assert_eq!(items[1].as_ref().unwrap(), &log(2, "b"));
        assert_eq!(items[2], Err(LineStreamError::Cut { line: 4, bytes: 13 }), "cut at {i}");
        assert_eq!(items[2].as_ref().unwrap_err().to_string(), "the stream ended inside line 4, after 13 bytes of it");
    }
    // A cut inside a CRLF is no cut; a json-seq record without its LF is
    // one when it is not a whole value.
    assert_eq!(ok(read::<LogLine>(Framing::Lines, &[b"{\"seq\":1,\"message\":\"a\"}\r"])), vec![log(1, "a")]);
    let items = read::<JobUpdate>(Framing::Seq, &[b"\x1E{\"job\":\"a\",\"state\":\"done\"}\n\x1E{\"job\":"]);
    assert_eq!(items[1], Err(LineStreamError::Cut { line: 2, bytes: 8 }));
}

#[test]
fn a_line_that_does_not_match_is_an_error_naming_it_and_the_stream_goes_on() {
    let body = b"{\"seq\":1,\"message\":\"a\"}\n\n{\"seq\":\"two\",\"message\":\"b\"}\nnot json\n{\"seq\":3,\"message\":\"c\"}\n";
    let items = read::<LogLine>(Framing::Lines, &[body]);
    assert_eq!(items.len(), 4, "{items:?}");
    let e = items[1].as_ref().unwrap_err();
    assert!(matches!(e, LineStreamError::Item { line: 3, message } if message.starts_with("seq: invalid type")), "{e:?}");
    assert!(e.to_string().starts_with("line 3 of the stream does not match the spec: "), "{e}");
    assert!(matches!(items[2], Err(LineStreamError::Item { line: 4, .. })), "{:?}", items[2]);
    assert_eq!(items[3].as_ref().unwrap(), &log(3, "c"));
    // Through the operation's sans-IO `Response`: the whole body, the first
    // error failing it.
    let e = decode_lines::<LogLine>(http::StatusCode::OK, body, Framing::Lines).unwrap_err();
    assert!(e.message.starts_with("line 3 of the stream"), "{e}");
    let response = http::Response::builder().status(200).body(SAMPLE).unwrap();
    assert_eq!(export_logs::Response::from_http_response(&response).unwrap(), export_logs::Response::Ok(expected()));
}

#[test]
fn a_line_longer_than_the_bound_ends_the_stream() {
    let mut reader = LineReader::<LogLine, &[u8]>::with_max_item(Framing::Lines, 31);
    reader.feed(b"{\"seq\":1,\"message\":\"a\"}\n{\"seq\":2,\"message\":\"");
    reader.feed(b"0123456789\"}\n{\"seq\":3,\"message\":\"c\"}\n");
    assert_eq!(reader.next_item(), Some(Ok(log(1, "a"))));
    assert_eq!(reader.next_item(), Some(Err(LineStreamError::LineTooLong { line: 2, limit: 31 })));
    assert_eq!(reader.next_item(), None);
    assert!(reader.is_done());
}

fn client(base_url: String) -> Client {
    Client::builder().base_url(base_url).timeout(std::time::Duration::from_secs(10)).build().unwrap()
}

async fn export(base_url: String) -> Result<Vec<Result<LogLine, Error>>, Error> {
    let request = export_logs::Request { since: Some(7) };
    Ok(client(base_url).export_logs_stream(&request).await?.collect().await)
}

#[tokio::test]
async fn thousands_of_lines_in_awkward_chunks_arrive_typed_and_in_order() {
    let mut body = Vec::new();
    for i in 0..5_000 {
        let line_end = if i % 3 == 0 { "\r\n" } else { "\n" };
        body.extend_from_slice(format!("{{\"seq\":{i},\"message\":\"m{i} é\"}}{line_end}").as_bytes());
        if i % 1000 == 0 {
            body.extend_from_slice(b"\n");
        }
    }
    let url = serve_as(200, "application/x-ndjson", body, &[1, 7, 4096, 13, 2, 500, 3]).await;
    let items = export(url).await.expect("a stream");
    assert_eq!(items.len(), 5_000);
    for (i, item) in items.into_iter().enumerate() {
        assert_eq!(item.expect("an item"), log(i as i64, &format!("m{i} é")));
    }
}

#[tokio::test]
async fn a_stream_cut_inside_a_line_or_with_a_bad_line_says_which_line() {
    let body = b"{\"seq\":1,\"message\":\"a\"}\n{\"seq\":2}\n{\"seq\":3,\"message\":\"c\"}\n{\"seq\":4,".to_vec();
    let items = export(serve_as(200, "application/x-ndjson", body, &[5]).await).await.expect("a stream");
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &log(1, "a"));
    assert!(
        matches!(&items[1], Err(Error::Lines(LineStreamError::Item { line: 2, message })) if message.contains("message")),
        "{:?}",
        items[1]
    );
    assert_eq!(items[2].as_ref().unwrap(), &log(3, "c"));
    assert!(matches!(&items[3], Err(Error::Lines(LineStreamError::Cut { line: 4, bytes: 9 }))), "{:?}", items[3]);
    assert_eq!(items[3].as_ref().unwrap_err().kind(), "lines");
}

#[tokio::test]
async fn another_status_is_an_error_with_its_body() {
    let body = br#"{"error":"no"}"#.to_vec();
    let e = export(serve_as(503, "application/json", body.clone(), &[4]).await).await.unwrap_err();
    assert!(matches!(&e, Error::Status { status, body: received } if status.as_u16() == 503 && *received == body), "{e:?}");
}

/// The generated server writes the stream whole (its handlers return the
/// items), as the spec's media type frames it; the client reads it back as
/// a stream and as a whole response.
#[tokio::test]
async fn the_generated_server_writes_what_the_client_reads() {
    use generated_requests::mock::{Mock, MockServer};
    let logs = expected();
    let jobs = vec![job("a", "queued"), job("b", "done")];
    let mock = Mock::new()
        .respond::<export_logs::Request>(export_logs::Response::Ok(logs.clone()))
        .respond::<watch_jobs::Request>(watch_jobs::Response::Ok(jobs.clone()));
    let server = MockServer::start(mock).await.unwrap();
    let client = client(server.url().to_string());
    let streamed: Vec<LogLine> =
        client.export_logs_stream(&export_logs::Request::default()).await.unwrap().map(Result::unwrap).collect().await;
    assert_eq!(streamed, logs);
    let streamed: Vec<JobUpdate> = client.watch_jobs_stream(&watch_jobs::Request {}).await.unwrap().map(Result::unwrap).collect().await;
    assert_eq!(streamed, jobs);
    assert_eq!(client.export_logs(&export_logs::Request { since: Some(3) }).await.unwrap(), export_logs::Response::Ok(logs));
    assert_eq!(client.watch_jobs(&watch_jobs::Request {}).await.unwrap(), watch_jobs::Response::Ok(jobs));
    assert_eq!(server.received::<export_logs::Request>().last().unwrap().since, Some(3));
    // The wire format: one compact JSON value a line; 0x1E before each record.
    let response = watch_jobs::Response::Ok(vec![job("a", "queued")]).to_http_response();
    assert_eq!(response.body(), b"\x1E{\"job\":\"a\",\"state\":\"queued\"}\n");
    assert_eq!(response.headers()["content-type"], "application/json-seq");
}

/// OpenAPI 3.2's `itemSchema` types each line (whatever `schema` says of
/// the whole stream), an item schema that is an array included; before
/// 3.2, the `items` of an array `schema` do, and any other `schema` is
/// that of one line.
#[test]
fn each_line_is_typed_by_item_schema_else_by_the_array_items() {
    use generator::ir::TypeRef;
    let generated = tests::generate("tests/coverage-specs/openapi-3.1/v32-document.yaml", "v32").unwrap();
    let item = |id: &str| {
        let op = generated.api.operations.iter().find(|o| o.operation_id == id).unwrap();
        (op.line_stream().map(|(_, item)| item.clone()), op.lines_method.clone())
    };
    assert_eq!(item("exportEvents"), (Some(TypeRef::Named("Event".into())), Some("export_events_stream".into())));
    assert_eq!(item("watchBatches"), (Some(TypeRef::Array(Box::new(TypeRef::String))), Some("watch_batches_stream".into())));
    assert!(generated.warnings.iter().all(|w| !w.contains("/export") && !w.contains("/batches")), "{:?}", generated.warnings);
    let requests = tests::generate("tests/coverage-specs/requests.yaml", "generated-requests").unwrap();
    let item = |id: &str| requests.api.operations.iter().find(|o| o.operation_id == id).unwrap().line_stream().unwrap().1.clone();
    assert_eq!(item("exportLogs"), TypeRef::Named("LogLine".into()));
    assert_eq!(item("watchJobs"), TypeRef::Named("JobUpdate".into()));
}
