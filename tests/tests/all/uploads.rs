//! Binary request bodies from a stream: the client of
//! `tests/generated-requests/` uploads 100 MiB it generates chunk by chunk to
//! a server on 127.0.0.1 that hashes what it reads, with chunked transfer or
//! the `Content-Length` given; bytes in memory still work as before, and the
//! generated server receives them.

use std::hash::Hasher as _;

use futures_util::StreamExt as _;
use generated_requests::client::{Client, Error};
use generated_requests::mock::{Mock, MockServer};
use generated_requests::operations::{put_avatar, put_blob};
use generated_requests::runtime::{BinaryBody, File};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _};

const TOTAL: usize = 100 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// What the server read: the request head's lines, and the body's length
/// and hash.
#[derive(Debug)]
struct Received {
    head: Vec<String>,
    length: usize,
    hash: u64,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A server answering one request with `status` once it has read the whole
/// body (by `Content-Length`, or chunked), hashing it as it goes: it never
/// holds more than a read buffer.
async fn server(status: u16) -> (String, tokio::sync::oneshot::Receiver<Received>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut socket = tokio::io::BufReader::with_capacity(CHUNK, socket);
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            socket.read_line(&mut line).await.unwrap();
            if line.trim_end().is_empty() {
                break;
            }
            head.push(line.trim_end().to_owned());
        }
        let mut received = Received { head, length: 0, hash: 0 };
        let mut hasher = std::hash::DefaultHasher::new();
        let mut buf = vec![0u8; CHUNK];
        if let Some(length) = received.header("content-length").map(|v| v.parse::<usize>().unwrap()) {
            received.length = take(&mut socket, &mut buf, length, &mut hasher).await;
        } else {
            assert_eq!(received.header("transfer-encoding"), Some("chunked"), "{:?}", received.head);
            loop {
                let mut size = String::new();
                socket.read_line(&mut size).await.unwrap();
                let size = usize::from_str_radix(size.trim_end().split(';').next().unwrap(), 16).unwrap();
                received.length += take(&mut socket, &mut buf, size, &mut hasher).await;
                let mut end = String::new();
                socket.read_line(&mut end).await.unwrap();
                if size == 0 {
                    break;
                }
            }
        }
        received.hash = hasher.finish();
        let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n");
        socket.get_mut().write_all(reply.as_bytes()).await.unwrap();
        let _ = tx.send(received);
    });
    (format!("http://{address}"), rx)
}

/// Reads `length` bytes of body into the hash, a buffer at a time.
async fn take(
    socket: &mut tokio::io::BufReader<tokio::net::TcpStream>,
    buf: &mut [u8],
    length: usize,
    hasher: &mut std::hash::DefaultHasher,
) -> usize {
    let mut left = length;
    while left > 0 {
        let n = socket.read(&mut buf[..left.min(CHUNK)]).await.unwrap();
        assert!(n > 0, "the body ended {left} bytes early");
        hasher.write(&buf[..n]);
        left -= n;
    }
    length
}

/// `total` bytes of a fixed pseudo-random sequence, in 64 KiB chunks made
/// as the stream is polled (never more than one alive here), and their hash.
fn chunks(total: usize) -> (impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static, u64) {
    fn chunk(state: &mut u64, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                // xorshift64
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                *state as u8
            })
            .collect()
    }
    let mut hasher = std::hash::DefaultHasher::new();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut left = total;
    while left > 0 {
        let n = left.min(CHUNK);
        hasher.write(&chunk(&mut state, n));
        left -= n;
    }
    let stream = futures_util::stream::unfold((0x9E37_79B9_7F4A_7C15u64, total), |(mut state, left)| async move {
        (left > 0).then(|| {
            let n = left.min(CHUNK);
            (Ok(bytes::Bytes::from(chunk(&mut state, n))), (state, left - n))
        })
    });
    (stream, hasher.finish())
}

/// The peak resident set of this process so far (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn a_100_mib_upload_streams_chunked_with_bounded_memory() {
    let (url, received) = server(201).await;
    let client = Client::builder().base_url(url).timeout(std::time::Duration::from_secs(300)).build().unwrap();
    let (stream, hash) = chunks(TOTAL);
    let before = peak_rss_kib();
    let request = put_blob::Request::new("big", BinaryBody::from_stream(stream));
    let response = client.put_blob(&request).await.expect("sent");
    assert_eq!(response, put_blob::Response::Created);
    let received = received.await.unwrap();
    assert_eq!((received.length, received.hash), (TOTAL, hash), "the bytes sent, in order");
    assert_eq!(received.header("content-type"), Some("application/octet-stream"));
    assert_eq!(received.header("content-length"), None);
    // The process's peak grew by far less than the body (other tests of
    // this binary run beside it, so this bounds it loosely).
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        let grown = after.saturating_sub(before);
        println!("100 MiB uploaded from a stream; peak RSS grew {grown} KiB");
        assert!(grown < 50 * 1024, "peak RSS grew {grown} KiB for a {} KiB body", TOTAL / 1024);
    }
}

#[tokio::test]
async fn a_stream_with_a_length_is_sent_with_content_length() {
    let (url, received) = server(201).await;
    let client = Client::builder().base_url(url).build().unwrap();
    let (stream, hash) = chunks(3 * CHUNK + 5);
    let body = BinaryBody::from_stream(stream).with_length((3 * CHUNK + 5) as u64);
    client.put_blob(&put_blob::Request::new("sized", body)).await.expect("sent");
    let received = received.await.unwrap();
    assert_eq!((received.length, received.hash), (3 * CHUNK + 5, hash));
    assert_eq!(received.header("content-length"), Some(&*(3 * CHUNK + 5).to_string()));
    assert_eq!(received.header("transfer-encoding"), None);
}

#[tokio::test]
async fn a_stream_is_sent_once_and_its_error_ends_the_request() {
    let (url, received) = server(201).await;
    let client = Client::builder().base_url(url).build().unwrap();
    let (stream, _) = chunks(10);
    let request = put_blob::Request::new("once", BinaryBody::from_stream(stream));
    client.put_blob(&request).await.expect("sent");
    received.await.unwrap();
    // The same request again (or a clone of it): nothing left to send.
    let Err(e) = client.put_blob(&request.clone()).await else { panic!("a spent stream was sent") };
    assert!(matches!(&e, Error::Request(_)), "{e:?}");
    assert!(e.to_string().contains("sent once"), "{e}");

    // A stream failing midway fails the request.
    let (url, _received) = server(201).await;
    let client = Client::builder().base_url(url).build().unwrap();
    let failing = futures_util::stream::iter([Ok(bytes::Bytes::from_static(b"part")), Err(std::io::Error::other("disk gone"))]);
    let Err(e) = client.put_blob(&put_blob::Request::new("broken", BinaryBody::from_stream(failing))).await else {
        panic!("a failed stream was sent as if whole")
    };
    assert!(matches!(&e, Error::Transport(_)), "{e:?}");
}

#[tokio::test]
async fn bytes_in_memory_still_work_and_reach_the_server() {
    // The old constructors: a `Vec<u8>` and a `File` with its media type.
    let mock = MockServer::start(
        Mock::new()
            .respond::<put_blob::Request>(put_blob::Response::Created)
            .respond::<put_avatar::Request>(put_avatar::Response::NoContent),
    )
    .await
    .unwrap();
    let client = Client::builder().base_url(mock.url()).build().unwrap();
    client.put_blob(&put_blob::Request::new("small", b"hello".to_vec())).await.unwrap();
    let avatar = File::new(vec![0x89, b'P', b'N', b'G']).with_content_type("image/png");
    client.put_avatar(&put_avatar::Request::new(avatar)).await.unwrap();
    let blob = &mock.received::<put_blob::Request>()[0];
    assert_eq!((blob.name.as_str(), blob.body.as_bytes()), ("small", Some(&b"hello"[..])));
    let avatar = &mock.received::<put_avatar::Request>()[0];
    assert_eq!(avatar.body.as_bytes(), Some(&[0x89, b'P', b'N', b'G'][..]));
    assert_eq!(avatar.body.content_type(), Some("image/png"));

    // A stream reaches the generated server too (it reads the body whole,
    // within its limit).
    let parts = futures_util::stream::iter((0..4u8).map(|i| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![i; 1000]))));
    client.put_blob(&put_blob::Request::new("streamed", BinaryBody::from_stream(parts))).await.unwrap();
    let streamed = &mock.received::<put_blob::Request>()[1];
    let expected: Vec<u8> = (0..4u8).flat_map(|i| [i; 1000]).collect();
    assert_eq!(streamed.body.as_bytes(), Some(&expected[..]));
}

#[tokio::test]
async fn the_sans_io_request_keeps_bytes_and_hands_a_stream_over_in_its_extensions() {
    let request = put_blob::Request::new("a b", &b"xyz"[..]).to_http_request("http://h").unwrap();
    assert_eq!((request.uri().path(), request.body().as_slice()), ("/blobs/a%20b", &b"xyz"[..]));
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"abc"))]);
    let body = BinaryBody::from_stream(stream).with_length(3);
    assert!(body.is_stream() && body.as_bytes().is_none());
    assert!(format!("{body:?}").contains("length: Some(3)"), "{body:?}");
    let request = put_blob::Request::new("s", body).to_http_request("http://h").unwrap();
    assert!(request.body().is_empty());
    assert_eq!(request.headers()[http::header::CONTENT_LENGTH], "3");
    let upload = request.extensions().get::<generated_requests::runtime::Upload>().expect("the upload");
    let chunks: Vec<_> = upload.take().expect("the stream").collect().await;
    assert_eq!(chunks.len(), 1);
    assert!(upload.take().is_none(), "taken once");
}
