//! Binary responses as byte streams: the client of `tests/generated-requests/`
//! downloads 100 MiB from a server on 127.0.0.1 that writes it from one
//! 64 KiB buffer, and the body arrives chunk by chunk, never held whole.

use futures_util::StreamExt as _;
use generated_requests::client::{Client, Error};
use generated_requests::operations::download;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const TOTAL: usize = 100 * 1024 * 1024;

/// A server answering one request with `status` and `length` bytes (the
/// byte at offset `i` is `i % 251`), written from a 64 KiB buffer.
async fn server(status: u16, length: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            head.extend_from_slice(&buf[..n]);
        }
        let reply = format!("HTTP/1.1 {status} X\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\n\r\n");
        socket.write_all(reply.as_bytes()).await.unwrap();
        // 64 KiB is a multiple of 251 plus 25: the pattern is written from
        // the offset it has reached.
        let pattern: Vec<u8> = (0..64 * 1024 + 251).map(|i| (i % 251) as u8).collect();
        let mut sent = 0;
        while sent < length {
            let n = (length - sent).min(64 * 1024);
            let start = sent % 251;
            if socket.write_all(&pattern[start..start + n]).await.is_err() {
                return;
            }
            sent += n;
        }
    });
    format!("http://{address}")
}

/// The peak resident set of this process so far (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn a_100_mib_download_arrives_as_chunks_never_held_whole() {
    let client = Client::builder().base_url(server(200, TOTAL).await).build().unwrap();
    let before = peak_rss_kib();
    let mut stream = std::pin::pin!(client.download_stream(&download::Request::default()).await.expect("a stream"));
    let (mut received, mut chunks, mut largest) = (0usize, 0usize, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        // Its first and last byte where the pattern puts them: no byte lost or repeated.
        let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
        assert_eq!((usize::from(first), usize::from(last)), (received % 251, (received + chunk.len() - 1) % 251), "at {received}");
        received += chunk.len();
        largest = largest.max(chunk.len());
        chunks += 1;
    }
    assert_eq!(received, TOTAL);
    // What the caller holds at once is one chunk, as the socket gave it.
    assert!(largest <= 1024 * 1024, "a chunk of {largest} bytes");
    assert!(chunks > 100, "{chunks} chunks");
    // The process's peak grew by far less than the body (other tests of
    // this binary run beside it, so this bounds it loosely).
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        let grown = after.saturating_sub(before);
        println!("100 MiB in {chunks} chunks, the largest {largest} bytes; peak RSS grew {grown} KiB");
        assert!(grown < 50 * 1024, "peak RSS grew {grown} KiB for a {} KiB body", TOTAL / 1024);
    }
}

#[tokio::test]
async fn another_status_is_an_error_with_its_body() {
    let client = Client::builder().base_url(server(404, 5).await).build().unwrap();
    let Err(e) = client.download_stream(&download::Request::default()).await else { panic!("a 404 is not a stream") };
    assert!(matches!(&e, Error::Status { status, body } if status.as_u16() == 404 && body.len() == 5), "{e:?}");
}
