//! Server-sent events: the runtime's sans-IO decoder on a sample cut at
//! every byte (inside lines, between CR and LF, inside UTF-8 characters),
//! and the client of `tests/generated-requests/` (`generateStream` in
//! `tests/coverage-specs/requests.yaml`, shaped as TGI's
//! `/generate_stream`) reading typed events from a server on 127.0.0.1
//! started in each test that writes the stream in awkward chunks: 10,000
//! events, `[DONE]`, an event that does not match, a stream cut inside an
//! event, and an error status; and the opt-in reconnect of a GET's stream
//! (`streamChat`): from the last event ID, after the server's `retry`,
//! until the attempts run out, a 204 ending it, a POST's stream never.

use std::time::Duration;

use futures_util::StreamExt as _;
use generated_requests::client::{Client, Error};
use generated_requests::models::{GenerateStreamBody, StreamToken};
use generated_requests::operations::generate_stream;
use generated_requests::runtime::{decode_events, Event, EventDecoder, EventStreamError};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// Every construct of the format: a byte-order mark, comments, CR, LF and
/// CRLF line ends, multi-line data, a field without a colon, one space
/// after the colon dropped (and only one), `id` kept across events, `retry`,
/// an unknown field, an event without data (not dispatched), multi-byte
/// UTF-8.
const SAMPLE: &[u8] = b"\xEF\xBB\xBF: a comment\r\n\
data: {\"index\":0,\"text\":\"h\xC3\xA9\"}\n\n\
event: token\r\nid: 7\rdata:{\"index\":1,\r\ndata:  \"text\":\"\xF0\x9F\xA6\x80\"}\r\n\r\n\
retry: 1500\nunknown: x\ndata\n\n\
event: ping\n\n\
data: {\"index\":2,\"text\":\"\xE2\x80\xAE\"}\r\r";

fn expected_events() -> Vec<Event> {
    vec![
        Event { event: String::new(), data: r#"{"index":0,"text":"hé"}"#.into(), id: None, retry: None },
        Event { event: "token".into(), data: "{\"index\":1,\n \"text\":\"🦀\"}".into(), id: Some("7".into()), retry: None },
        Event { event: String::new(), data: String::new(), id: Some("7".into()), retry: Some(1500) },
        Event { event: String::new(), data: "{\"index\":2,\"text\":\"\u{202e}\"}".into(), id: Some("7".into()), retry: Some(1500) },
    ]
}

fn decode_in(chunks: &[&[u8]]) -> Result<Vec<Event>, EventStreamError> {
    let mut decoder = EventDecoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk, |e| events.push(e))?;
    }
    decoder.finish()?;
    Ok(events)
}

#[test]
fn the_decoder_gives_the_same_events_however_the_body_is_cut() {
    let expected = expected_events();
    assert_eq!(decode_in(&[SAMPLE]).unwrap(), expected);
    for i in 0..=SAMPLE.len() {
        assert_eq!(decode_in(&[&SAMPLE[..i], &SAMPLE[i..]]).unwrap(), expected, "cut at {i}");
        for j in i..=SAMPLE.len() {
            assert_eq!(decode_in(&[&SAMPLE[..i], &SAMPLE[i..j], &SAMPLE[j..]]).unwrap(), expected, "cut at {i} and {j}");
        }
    }
    let bytes: Vec<&[u8]> = SAMPLE.chunks(1).collect();
    assert_eq!(decode_in(&bytes).unwrap(), expected);
}

#[test]
fn a_body_cut_inside_an_event_and_a_line_too_long_are_errors() {
    // Complete events come out before the error.
    let mut decoder = EventDecoder::new();
    let mut events = Vec::new();
    decoder.feed(b"data: 1\n\ndata: 2\n", |e| events.push(e)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(decoder.finish(), Err(EventStreamError::Cut));
    assert_eq!(decode_in(&[b"data: 1\n\ndata: 2"]), Err(EventStreamError::Cut));
    // A comment alone, or nothing, is a clean end.
    assert_eq!(decode_in(&[b"data: 1\n\n: bye\n\n"]).map(|e| e.len()), Ok(1));
    assert_eq!(decode_in(&[b""]), Ok(Vec::new()));
    let mut decoder = EventDecoder::with_max_line(16);
    assert_eq!(decoder.feed(b"data: 0123456789", |_| {}), Ok(()));
    assert_eq!(decoder.feed(b"abcdef\n", |_| {}), Err(EventStreamError::LineTooLong { limit: 16 }));
}

#[test]
fn a_whole_body_reads_as_typed_events_up_to_done() {
    let body = b"data: {\"index\":0,\"text\":\"a\"}\n\ndata: [DONE]\n\ndata: {\"index\":1,\"text\":\"b\"}\n\n";
    let tokens: Vec<StreamToken> = decode_events(http::StatusCode::OK, body).unwrap();
    assert_eq!(tokens, vec![serde_json::from_value::<StreamToken>(serde_json::json!({ "index": 0, "text": "a" })).unwrap()]);
    // Through the operation's sans-IO `Response`.
    let response = http::Response::builder().status(200).body(&body[..]).unwrap();
    assert_eq!(generate_stream::Response::from_http_response(&response).unwrap(), generate_stream::Response::Ok(tokens));
    let e = decode_events::<StreamToken>(http::StatusCode::OK, b"data: {\"index\":\"x\"}\n\n").unwrap_err();
    assert!(e.message.contains("does not match"), "{e}");
}

fn token(index: i64) -> StreamToken {
    serde_json::from_value(serde_json::json!({ "index": index, "text": format!("t{index}") })).unwrap()
}

/// A server on 127.0.0.1 that answers one request with `status` and
/// `body` written in pieces of the given sizes (cycled), then closes.
async fn serve(status: u16, body: Vec<u8>, sizes: &'static [usize]) -> String {
    serve_as(status, if status == 200 { "text/event-stream" } else { "application/json" }, body, sizes).await
}

/// [`serve`] with a `Content-Type` of one's own.
pub(crate) async fn serve_as(status: u16, content_type: &'static str, body: Vec<u8>, sizes: &'static [usize]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        // The request: headers, then the body its Content-Length says.
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = socket.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
                    .unwrap_or(0);
                if request.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
        }
        let head = format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
        socket.write_all(head.as_bytes()).await.unwrap();
        let mut rest = &body[..];
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, tail) = rest.split_at((*size).min(rest.len()));
            if socket.write_all(piece).await.is_err() {
                return;
            }
            socket.flush().await.unwrap();
            rest = tail;
            if size % 2 == 1 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        let _ = socket.shutdown().await;
    });
    format!("http://{address}")
}

async fn stream(base_url: String) -> Result<Vec<Result<StreamToken, Error>>, Error> {
    let client = Client::builder().base_url(base_url).timeout(Duration::from_secs(10)).build().unwrap();
    let events = client.generate_stream_events(&generate_stream::Request::new(GenerateStreamBody::new("Hi".into()))).await?;
    Ok(events.collect().await)
}

/// Each event as TGI writes it: `data:` and a JSON token, CRLF line ends
/// every third event.
fn event_stream(count: i64) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..count {
        let line_end = if i % 3 == 0 { "\r\n" } else { "\n" };
        body.extend_from_slice(format!("data:{{\"index\":{i},\"text\":\"t{i}\"}}{line_end}{line_end}").as_bytes());
        if i % 1000 == 0 {
            body.extend_from_slice(b": keep-alive\n\n");
        }
    }
    body
}

#[tokio::test]
async fn ten_thousand_events_in_awkward_chunks_arrive_typed_and_in_order() {
    let url = serve(200, event_stream(10_000), &[1, 7, 4096, 13, 2, 500, 3]).await;
    let tokens = stream(url).await.expect("a stream");
    assert_eq!(tokens.len(), 10_000);
    for (i, token) in tokens.into_iter().enumerate() {
        assert_eq!(token.expect("a token"), self::token(i as i64));
    }
}

#[tokio::test]
async fn done_ends_the_stream_and_a_bad_event_does_not() {
    let body = b"data: {\"index\":0,\"text\":\"t0\"}\n\ndata: {\"index\":\"one\"}\n\ndata: {\"index\":2,\"text\":\"t2\"}\n\ndata: [DONE]\n\ndata: {\"index\":3,\"text\":\"t3\"}\n\n";
    let items = stream(serve(200, body.to_vec(), &[5]).await).await.expect("a stream");
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &token(0));
    assert!(matches!(&items[1], Err(Error::Events(EventStreamError::Data { data, .. })) if data == r#"{"index":"one"}"#), "{:?}", items[1]);
    assert_eq!(items[2].as_ref().unwrap(), &token(2));
}

#[tokio::test]
async fn a_stream_cut_inside_an_event_gives_every_complete_event_then_an_error() {
    let mut body = event_stream(3);
    body.extend_from_slice(b"data: {\"index\":3,");
    let items = stream(serve(200, body, &[11]).await).await.expect("a stream");
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items[..3].iter().all(Result::is_ok));
    assert!(matches!(items[3], Err(Error::Events(EventStreamError::Cut))), "{:?}", items[3]);
}

#[tokio::test]
async fn another_status_is_an_error_with_its_body() {
    let body = br#"{"error":"Input validation error"}"#.to_vec();
    let e = stream(serve(422, body.clone(), &[4]).await).await.unwrap_err();
    assert!(matches!(&e, Error::Status { status, body: received } if status.as_u16() == 422 && *received == body), "{e:?}");
}

/// A chat chunk event's JSON, its `id` `c{i}`.
fn chunk_json(i: usize) -> String {
    format!(r#"{{"id":"c{i}","object":"chat.completion.chunk","created":{i},"model":"m","choices":[]}}"#)
}

/// Event `i` of a resumable stream: its ID and its chunk.
fn resumable_event(i: usize) -> String {
    format!("id: {i}\ndata: {}\n\n", chunk_json(i))
}

/// What a reconnecting server saw of each connection: the `Last-Event-ID`
/// sent, and when.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(Option<String>, std::time::Instant)>>>;

/// A server on 127.0.0.1 that answers `connections` connections, the `n`th
/// with `respond(n, last_event_id)` (a status and a body, after which it
/// closes the connection), then stops listening (so a reconnect is refused).
async fn serve_each(connections: usize, respond: impl Fn(usize, Option<&str>) -> (u16, Vec<u8>) + Send + 'static) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Seen::default();
    let record = seen.clone();
    tokio::spawn(async move {
        for n in 0..connections {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = socket.read(&mut buffer).await.unwrap();
                assert!(read > 0, "the request ended early");
                request.extend_from_slice(&buffer[..read]);
            }
            let text = String::from_utf8_lossy(&request).into_owned();
            let last_id = text.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("last-event-id:").map(|v| v.trim().to_owned()));
            record.lock().unwrap().push((last_id.clone(), std::time::Instant::now()));
            let (status, body) = respond(n, last_id.as_deref());
            let head = format!("HTTP/1.1 {status} X\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n");
            socket.write_all(head.as_bytes()).await.unwrap();
            let _ = socket.write_all(&body).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), seen)
}

fn reconnecting(base_url: String, policy: generated_requests::client::Reconnect) -> Client {
    Client::builder().base_url(base_url).timeout(Duration::from_secs(10)).reconnect(policy).build().unwrap()
}

async fn chat(client: &Client) -> Vec<Result<generated_requests::models::ChatCompletionChunk, Error>> {
    client.stream_chat_events(&generated_requests::operations::stream_chat::Request {}).await.expect("a stream").collect().await
}

#[tokio::test]
async fn a_dropped_stream_of_a_get_reconnects_from_the_last_event_id_after_the_servers_retry() {
    use generated_requests::client::Reconnect;
    // Three events and a clean end without `[DONE]`; two and a cut inside
    // the third (dropped, as the standard says); the rest and `[DONE]`.
    let (url, seen) = serve_each(3, |n, last_id| {
        let from = last_id.map_or(0, |id| id.parse::<usize>().unwrap() + 1);
        let body = match n {
            0 => format!("retry: 40\n\n{}{}{}", resumable_event(0), resumable_event(1), resumable_event(2)),
            1 => format!("{}{}id: 5\ndata: {{\"id\":", resumable_event(from), resumable_event(from + 1)),
            _ => format!(
                "{}{}{}data: [DONE]\n\n{}",
                resumable_event(from),
                resumable_event(from + 1),
                resumable_event(from + 2),
                resumable_event(99)
            ),
        };
        (200, body.into_bytes())
    })
    .await;
    // The default wait is long: only the server's `retry` keeps the test short.
    let client = reconnecting(url, Reconnect::on_drop().max_attempts(1).wait(Duration::from_secs(30)));
    let started = std::time::Instant::now();
    let items = chat(&client).await;
    let ids: Vec<String> = items.into_iter().map(|item| item.expect("a chunk").id).collect();
    assert_eq!(ids, (0..8).map(|i| format!("c{i}")).collect::<Vec<_>>());
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let seen = seen.lock().unwrap().clone();
    let sent: Vec<Option<&str>> = seen.iter().map(|(id, _)| id.as_deref()).collect();
    assert_eq!(sent, [None, Some("2"), Some("4")]);
    for pair in seen.windows(2) {
        assert!(pair[1].1 - pair[0].1 >= Duration::from_millis(40), "reconnected after {:?}", pair[1].1 - pair[0].1);
    }
}

#[tokio::test]
async fn a_stream_whose_reconnects_all_fail_ends_with_the_last_error() {
    use generated_requests::client::Reconnect;
    // One connection: two events, then the connection closes and nothing
    // listens any more.
    let (url, seen) = serve_each(1, |_, _| (200, format!("retry: 5\n{}{}", resumable_event(0), resumable_event(1)).into_bytes())).await;
    let items = chat(&reconnecting(url, Reconnect::on_drop().max_attempts(2))).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    assert!(matches!(&items[2], Err(e) if e.is_connect()), "{:?}", items[2]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn no_content_on_a_reconnect_ends_the_stream_cleanly() {
    use generated_requests::client::Reconnect;
    let (url, seen) = serve_each(2, |n, _| match n {
        0 => (200, format!("retry: 1\n{}", resumable_event(0)).into_bytes()),
        _ => (204, Vec::new()),
    })
    .await;
    let items = chat(&reconnecting(url, Reconnect::on_drop())).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].is_ok());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_stream_of_a_post_never_reconnects() {
    use generated_requests::client::Reconnect;
    let (url, seen) = serve_each(2, |_, _| (200, b"retry: 1\ndata: {\"index\":0,\"text\":\"t0\"}\n\n".to_vec())).await;
    let client = reconnecting(url, Reconnect::on_drop());
    let events = client.generate_stream_events(&generate_stream::Request::new(GenerateStreamBody::new("Hi".into()))).await.unwrap();
    let items: Vec<_> = events.collect().await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}
