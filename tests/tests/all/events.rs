//! Server-sent events: the runtime's sans-IO decoder on a sample cut at
//! every byte (inside lines, between CR and LF, inside UTF-8 characters),
//! and the client of `tests/generated-requests/` (`generateStream` in
//! `tests/coverage-specs/requests.yaml`, shaped as TGI's
//! `/generate_stream`) reading typed events from a server on 127.0.0.1
//! started in each test that writes the stream in awkward chunks: 10,000
//! events, `[DONE]`, an event that does not match, a stream cut inside an
//! event, and an error status.

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
        let content_type = if status == 200 { "text/event-stream" } else { "application/json" };
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
