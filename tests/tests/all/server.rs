//! The generated server (feature `server`) on 127.0.0.1, called by the
//! generated client: every operation of `generated/` with every documented
//! status, and every operation of `tests/generated-requests/` with the
//! typed request the server read compared to the one the client sent
//! (multipart bodies included); then hostile requests (bad JSON, wrong
//! types, huge bodies, `..` and encoded slashes in path parameters, missing
//! credentials, unknown paths and methods, multipart bodies missing a part
//! or malformed), each refused with its status and a JSON body; and a load of
//! 10,000 requests over 64 connections, which prints requests per second.

use std::time::Instant;

use generated::mock::{Mock, MockServer};
use generated::operations::{
    delete_llm_obs_annotation_queue_interactions as delete, get_llm_obs_annotated_interactions as queue,
    get_llm_obs_annotated_interactions_by_trace_ids as by_ids,
};
use serde_json::{json, Value};
use tests::fixture;

const API_KEY: &str = "api-key-0123456789abcdef";
const APP_KEY: &str = "app-key-fedcba9876543210";

fn client(url: &str) -> generated::client::Client {
    generated::client::Client::builder().base_url(url).api_key(API_KEY).app_key(APP_KEY).build().expect("a client")
}

/// A typed response as the spec's fixtures give it (a 429 with its rate
/// limit headers).
fn http_response(status: u16, fixture_name: Option<&str>) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    if status == 429 {
        builder = builder
            .header("X-RateLimit-Limit", "100")
            .header("X-RateLimit-Period", "60")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-Reset", "7")
            .header("X-RateLimit-Name", "llm_obs");
    }
    let body = fixture_name.map(|f| fixture(f).into_bytes()).unwrap_or_default();
    builder.body(body).unwrap()
}

fn delete_body() -> generated::models::LlmObsDeleteAnnotationQueueInteractionsRequest {
    serde_json::from_value(tests::fixture_json("delete_request.json")).unwrap()
}

#[tokio::test]
async fn every_operation_of_the_spec_and_every_documented_status_round_trip() {
    let mut pairs = 0;
    for (status, name) in [
        (204, None),
        (400, Some("delete_400.json")),
        (401, Some("delete_401.json")),
        (403, Some("delete_403.json")),
        (404, Some("delete_404.json")),
        (429, Some("delete_429.json")),
    ] {
        let expected = delete::Response::from_http_response(&http_response(status, name)).unwrap();
        let server = MockServer::start(Mock::new().respond::<delete::Request>(expected.clone())).await.unwrap();
        let request = delete::Request::new("00000000-0000-0000-0000-000000000001", delete_body());
        let response = client(server.url()).delete_llm_obs_annotation_queue_interactions(&request).await.unwrap();
        assert_eq!(response, expected, "{status}");
        assert_eq!(server.received::<delete::Request>(), vec![request]);
        pairs += 1;
    }
    for status in [200, 400, 401, 403, 404, 429] {
        let name = format!("queue_{status}.json");
        let expected = queue::Response::from_http_response(&http_response(status, Some(&name))).unwrap();
        let server = MockServer::start(Mock::new().respond::<queue::Request>(expected.clone())).await.unwrap();
        let request = queue::Request::new("queue / 1");
        let response = client(server.url()).get_llm_obs_annotated_interactions(&request).await.unwrap();
        assert_eq!(response, expected, "{status}");
        if let queue::Response::TooManyRequests { headers, .. } = &response {
            assert_eq!((headers.x_rate_limit_reset, headers.x_rate_limit_name.as_deref()), (Some(7), Some("llm_obs")));
        }
        assert_eq!(server.received::<queue::Request>(), vec![request]);
        pairs += 1;
    }
    for status in [200, 400, 401, 403, 429, 500] {
        let name = format!("by_content_ids_{status}.json");
        let expected = by_ids::Response::from_http_response(&http_response(status, Some(&name))).unwrap();
        let server = MockServer::start(Mock::new().respond::<by_ids::Request>(expected.clone())).await.unwrap();
        let request = by_ids::Request::new(vec!["a".into(), "b,c".into()]).offset(5).limit(10);
        let response = client(server.url()).get_llm_obs_annotated_interactions_by_trace_ids(&request).await.unwrap();
        assert_eq!(response, expected, "{status}");
        assert_eq!(server.received::<by_ids::Request>()[0].limit, Some(10));
        assert_eq!(server.received::<by_ids::Request>(), vec![request]);
        pairs += 1;
    }
    assert_eq!(pairs, 18);

    // A status the spec does not document passes through, body and all.
    let expected = queue::Response::Undocumented { status: http::StatusCode::IM_A_TEAPOT, body: b"short and stout".to_vec() };
    let server = MockServer::start(Mock::new().respond::<queue::Request>(expected.clone())).await.unwrap();
    let response = client(server.url()).get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert_eq!(response, expected);
}

#[tokio::test]
async fn every_operation_of_the_coverage_spec_reads_what_the_client_sent() {
    use generated_requests::mock::{Mock, MockServer};
    use generated_requests::models::{LogItem, Settings};
    use generated_requests::operations::{
        create_message, generate_stream, get_optionally_signed, get_report, get_roles_by_ids, get_with_keys, get_with_token,
        patch_settings, post_anything, post_event, put_avatar, search, submit_form, submit_logs, upload,
    };
    use generated_requests::runtime::File;

    let settings: Settings = serde_json::from_value(json!({"theme": "dark", "volume": 3})).unwrap();
    let tokens: Vec<generated_requests::models::StreamToken> =
        serde_json::from_value(json!([{"index": 1, "text": "Hel", "special": false}, {"index": 2, "text": "lo", "special": false}]))
            .unwrap();
    let mock = Mock::new()
        .respond::<create_message::Request>(create_message::Response::Created)
        .respond::<generate_stream::Request>(generate_stream::Response::Ok(tokens.clone()))
        .respond::<get_optionally_signed::Request>(get_optionally_signed::Response::NoContent)
        .respond::<get_report::Request>(get_report::Response::Ok)
        .respond::<get_roles_by_ids::Request>(get_roles_by_ids::Response::NoContent)
        .respond::<get_with_keys::Request>(get_with_keys::Response::NoContent)
        .respond::<get_with_token::Request>(get_with_token::Response::NoContent)
        .respond::<patch_settings::Request>(patch_settings::Response::NoContent)
        .respond::<post_anything::Request>(post_anything::Response::NoContent)
        .respond::<post_event::Request>(post_event::Response::Accepted)
        .respond::<put_avatar::Request>(put_avatar::Response::NoContent)
        .respond::<submit_form::Request>(submit_form::Response::Created)
        .respond::<submit_logs::Request>(submit_logs::Response::Accepted)
        .respond::<search::Request>(search::Response::NoContent)
        .respond::<upload::Request>(upload::Response::Ok);
    let server = MockServer::start(mock).await.unwrap();
    let client = generated_requests::client::Client::builder()
        .base_url(server.url())
        .header_key("hk")
        .query_key("qk")
        .cookie_key("ck")
        .oauth("token")
        .build()
        .unwrap();

    let form = submit_form::Request::new("f 1/2", crate::requests::signup());
    assert_eq!(client.submit_form(&form).await.unwrap(), submit_form::Response::Created);
    assert_eq!(server.received::<submit_form::Request>(), vec![form]);

    let body: generated_requests::models::CreateMessageBody = serde_json::from_value(json!({
        "To": "+15550100", "Body": "hi & bye", "MediaUrl": ["https://a.example/1", "https://a.example/2"],
        "SendAt": "2026-01-02T03:04:05Z", "Attempt": 2
    }))
    .unwrap();
    let message = create_message::Request::default().body(body);
    assert_eq!(client.create_message(&message).await.unwrap(), create_message::Response::Created);
    assert_eq!(client.create_message(&create_message::Request::default()).await.unwrap(), create_message::Response::Created);
    assert_eq!(server.received::<create_message::Request>(), vec![message, create_message::Request::default()]);

    let item = LogItem::new("hello".into());
    let logs = [
        submit_logs::Body::Json(vec![item.clone(), LogItem::new("world".into())]),
        submit_logs::Body::JsonSimple(item.clone()),
        submit_logs::Body::Logplex1(b"raw\nlines".to_vec()),
        submit_logs::Body::Text("hello world".into()),
    ];
    for body in logs.clone() {
        assert_eq!(client.submit_logs(&submit_logs::Request::new(body)).await.unwrap(), submit_logs::Response::Accepted);
    }
    let received: Vec<submit_logs::Body> = server.received::<submit_logs::Request>().into_iter().map(|r| r.body).collect();
    assert_eq!(received, logs);

    for body in [Some(patch_settings::Body::MergePatchJson(settings.clone())), Some(patch_settings::Body::Form(settings.clone())), None] {
        assert_eq!(client.patch_settings(&patch_settings::Request { body }).await.unwrap(), patch_settings::Response::NoContent);
    }
    assert_eq!(server.received::<patch_settings::Request>().len(), 3);
    assert_eq!(server.received::<patch_settings::Request>()[1].body, Some(patch_settings::Body::Form(settings.clone())));
    assert_eq!(server.received::<patch_settings::Request>()[2].body, None);

    assert_eq!(client.post_event(&post_event::Request::new(item.clone())).await.unwrap(), post_event::Response::Accepted);
    assert_eq!(client.post_anything(&post_anything::Request::new(settings.clone())).await.unwrap(), post_anything::Response::NoContent);
    assert_eq!(server.received::<post_event::Request>()[0].body, item);
    assert_eq!(server.received::<post_anything::Request>()[0].body, settings);

    let avatar = File::new(b"\x89PNG".to_vec()).with_content_type("image/png");
    assert_eq!(client.put_avatar(&put_avatar::Request::new(avatar.clone())).await.unwrap(), put_avatar::Response::NoContent);
    assert_eq!(server.received::<put_avatar::Request>()[0].body.as_bytes(), Some(&avatar.bytes[..]));
    assert_eq!(server.received::<put_avatar::Request>()[0].body.content_type(), Some("image/png"));

    let report = crate::requests::report_request();
    assert_eq!(client.get_report(&report).await.unwrap(), get_report::Response::Ok);
    let minimal = get_report::Request::new(
        generated_requests::models::Limit::String("r/1".into()),
        "2026-03-01".parse().unwrap(),
        generated_requests::models::SortMode::Oldest,
    );
    assert_eq!(client.get_report(&minimal).await.unwrap(), get_report::Response::Ok);
    assert_eq!(server.received::<get_report::Request>(), vec![report, minimal]);

    // Parameters sent as JSON text, in the path, query, a header and a cookie.
    let roles = crate::requests::roles_request();
    let empty = get_roles_by_ids::Request::new(vec![], vec![]);
    for request in [&roles, &empty] {
        assert_eq!(client.get_roles_by_ids(request).await.unwrap(), get_roles_by_ids::Response::NoContent);
    }
    assert_eq!(server.received::<get_roles_by_ids::Request>(), vec![roles, empty]);

    let keys = get_with_keys::Request { page: Some(3), theme: Some("dark; sweet".into()) };
    assert_eq!(client.get_with_keys(&keys).await.unwrap(), get_with_keys::Response::NoContent);
    assert_eq!(server.received::<get_with_keys::Request>(), vec![keys]);
    assert_eq!(client.get_with_token(&get_with_token::Request::default()).await.unwrap(), get_with_token::Response::NoContent);
    let signed = client.get_optionally_signed(&get_optionally_signed::Request::default()).await.unwrap();
    assert_eq!(signed, get_optionally_signed::Response::NoContent);
    assert_eq!(server.received::<get_with_token::Request>().len(), 1);
    assert_eq!(server.received::<get_optionally_signed::Request>().len(), 1);

    // Every query style: deepObject, pipe- and space-delimited, exploded
    // objects, reserved characters. Space- and pipe-delimited items cannot
    // hold their separator (the client encodes both alike), so none does.
    let mut styled = crate::query_styles::search_request();
    styled.words = Some(vec!["big".into(), "red".into()]);
    assert_eq!(client.search(&styled).await.unwrap(), search::Response::NoContent);
    assert_eq!(client.search(&search::Request::default()).await.unwrap(), search::Response::NoContent);
    assert_eq!(server.received::<search::Request>(), vec![styled, search::Request::default()]);

    let stream: generated_requests::models::GenerateStreamBody = serde_json::from_value(json!({"inputs": "Hello"})).unwrap();
    let response = client.generate_stream(&generate_stream::Request::new(stream)).await.unwrap();
    assert_eq!(response, generate_stream::Response::Ok(tokens));

    // Multipart: file, text, enum, JSON and repeated parts. A file sent
    // without a name or a media type arrives with the ones the client wrote
    // for it: its part's name, and the spec's `encoding` or
    // `application/octet-stream`; a quote in a file name survives its
    // percent-encoding.
    let sent = upload::Request::new(7, crate::requests::upload_body());
    assert_eq!(client.upload(&sent).await.unwrap(), upload::Response::Ok);
    let mut expected = sent.clone();
    expected.body.attachments = vec![
        File::new(b"a".to_vec()).with_filename("attachments").with_content_type("application/octet-stream"),
        File::new(b"b".to_vec()).with_filename("b.txt").with_content_type("application/octet-stream"),
    ];
    expected.body.thumbnail = Some(File::new(vec![0x89, b'P', b'N', b'G']).with_filename("thumbnail").with_content_type("image/png"));
    assert_eq!(expected.body.document.filename.as_deref(), Some("report \"final\".pdf"));
    let empty = File::new(Vec::new()).with_filename("empty.txt").with_content_type("text/plain");
    let minimal = upload::Request::new(1, upload::Multipart::new(empty, String::new()));
    assert_eq!(client.upload(&minimal).await.unwrap(), upload::Response::Ok);
    assert_eq!(server.received::<upload::Request>(), vec![expected, minimal]);
}

#[tokio::test]
async fn a_parameter_sent_as_json_text_that_does_not_parse_gets_400_naming_it() {
    use generated_requests::mock::{Mock, MockServer};
    use generated_requests::operations::get_roles_by_ids;

    let server = MockServer::start(Mock::new().respond::<get_roles_by_ids::Request>(get_roles_by_ids::Response::NoContent)).await.unwrap();
    let url = |ids: &str, query: &str| format!("{}/roles/microsoft.graph.getByIds(ids={ids}){query}", server.url());
    let ok = url("%5B%22a%22%5D", "?pages=%5B1%5D");
    let (status, body) = raw("GET", &ok, &[], Vec::new()).await;
    assert_eq!(status, 204, "{body}");
    // Text that is not JSON (not even a plain string: JSON's needs quotes),
    // JSON of the wrong type, and a required one missing.
    let cases = [
        ("a,b", "?pages=%5B1%5D", None, "ids"),
        ("%5B1%5D", "?pages=%5B1%5D", None, "ids"),
        ("%5B%22a%22%5D", "?pages=1,2", None, "pages"),
        ("%5B%22a%22%5D", "?pages=%5B1%5D&filter=status", None, "filter"),
        ("%5B%22a%22%5D", "?pages=%5B1%5D", Some(("x-range", "from=1,to=5")), "X-Range"),
        ("%5B%22a%22%5D", "", None, "pages"),
    ];
    for (ids, query, header, at) in cases {
        let url = url(ids, query);
        let (status, body) = raw("GET", &url, header.as_slice(), Vec::new()).await;
        assert_eq!((status, self::at(&body).0.as_deref()), (400, Some(at)), "{url}: {body}");
    }
    let (status, body) = raw("GET", &ok, &[("cookie", "prefs=%7B%7D")], Vec::new()).await;
    assert_eq!((status, self::at(&body).0.as_deref()), (400, Some("prefs")), "{body}");
    // Only the well-formed request reached the handler.
    assert_eq!(server.received::<get_roles_by_ids::Request>().len(), 1);
}

/// A `multipart/form-data` body with boundary `XyZ`: each part's name,
/// extra header lines (a file name, a media type) and content.
fn multipart(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, extra, content) in parts {
        out.extend_from_slice(format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n").as_bytes());
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--XyZ--\r\n");
    out
}

/// `body` up to and with the first `end`.
fn cut(mut body: Vec<u8>, end: &[u8]) -> Vec<u8> {
    let at = body.windows(end.len()).position(|w| w == end).expect("in the body");
    body.truncate(at + end.len());
    body
}

#[tokio::test]
async fn malformed_multipart_bodies_get_400_naming_the_part() {
    use generated_requests::mock::{Mock, MockServer};
    use generated_requests::operations::upload;

    let config = generated_requests::server::Config::default().body_limit(1024);
    let server = MockServer::start_with(Mock::new().respond::<upload::Request>(upload::Response::Ok), config).await.unwrap();
    let url = format!("{}/uploads/3", server.url());
    let form = "multipart/form-data; boundary=XyZ";
    let document: (&str, &str, &[u8]) = ("document", "; filename=\"d.pdf\"\r\nContent-Type: application/pdf", b"%PDF");
    let title: (&str, &str, &[u8]) = ("title", "", b"T");

    // A well-formed body from another client (an unknown part, parts out of
    // order) is read.
    let body = multipart(&[title, ("extra", "", b"ignored"), document, ("keywords", "", b"k1"), ("keywords", "", b"k2")]);
    let (status, text) = reqwest_post(&url, form, body).await;
    assert_eq!(status, 200, "{text}");
    let received = server.received::<upload::Request>();
    assert_eq!((received[0].upload_id, received[0].body.title.as_str()), (3, "T"));
    assert_eq!(received[0].body.document.filename.as_deref(), Some("d.pdf"));
    assert_eq!(received[0].body.keywords, ["k1", "k2"]);

    let cases: Vec<(Vec<u8>, &str, u16, &str)> = vec![
        // A required part missing, each kind.
        (multipart(&[document]), form, 400, "body.title"),
        (multipart(&[title]), form, 400, "body.document"),
        // A text part of the wrong type or not UTF-8; JSON that does not parse
        // or has a wrong type inside.
        (multipart(&[document, title, ("pages", "", b"twelve")]), form, 400, "body.pages"),
        (multipart(&[document, ("title", "", b"\xff\xfe")]), form, 400, "body.title"),
        (multipart(&[document, title, ("address", "\r\nContent-Type: application/json", b"not JSON")]), form, 400, "body.address"),
        (multipart(&[document, title, ("address", "", b"{\"city\": 5}")]), form, 400, "body.address.city"),
        // The body cut short inside a part's content or headers, or with no
        // parts at all.
        (cut(multipart(&[document, title]), b"%P"), form, 400, "body.document"),
        (cut(multipart(&[document, title]), b"Content-Dis"), form, 400, "body"),
        (b"no boundary in sight".to_vec(), form, 400, "body"),
        // No boundary, no media type, another media type.
        (multipart(&[document, title]), "multipart/form-data", 400, "body"),
        (multipart(&[document, title]), "text/plain", 415, "body"),
        // Past the body limit.
        (multipart(&[document, title, ("thumbnail", "; filename=\"t\"", &[0u8; 2048])]), form, 413, ""),
    ];
    for (body, content_type, status, at) in cases {
        let (got, text) = reqwest_post(&url, content_type, body).await;
        assert_eq!(got, status, "{at}: {text}");
        if status == 400 {
            assert_eq!(self::at(&text).0.as_deref(), Some(at), "{text}");
        }
    }
    let (status, text) = reqwest_post(&format!("{}/uploads/three", server.url()), form, multipart(&[document, title])).await;
    assert_eq!((status, self::at(&text).0.as_deref()), (400, Some("uploadId")), "{text}");
    // Only the well-formed body reached the handler.
    assert_eq!(server.received_count(), 1);
}

/// A raw request on loopback: status and body.
async fn raw(method: &str, url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> (u16, String) {
    let client = reqwest_client();
    let mut request = client.request(method.parse().unwrap(), url).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn reqwest_post(url: &str, content_type: &str, body: Vec<u8>) -> (u16, String) {
    raw("POST", url, &[("content-type", content_type)], body).await
}

fn reqwest_client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

/// The refusal's JSON body: `at`, and the message.
fn at(body: &str) -> (Option<String>, String) {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON body: {body}"));
    (value["at"].as_str().map(str::to_owned), value["error"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn hostile_requests_are_refused_with_their_status_and_never_reach_the_handler() {
    let expected = queue::Response::from_http_response(&http_response(200, Some("queue_200.json"))).unwrap();
    let mock = Mock::new().respond::<queue::Request>(expected).respond::<delete::Request>(delete::Response::NoContent);
    let config = generated::server::Config::default().body_limit(64 * 1024);
    let server = MockServer::start_with(mock, config).await.unwrap();
    let base = server.url().to_owned();
    let keys = [("DD-API-KEY", API_KEY), ("DD-APPLICATION-KEY", APP_KEY)];
    let delete_path = format!("{base}/api/v2/llm-obs/v1/annotation-queues/q1/interactions/delete");
    let json_keys = [keys[0], keys[1], ("content-type", "application/json")];

    // Bad JSON, a wrong type deep inside, a constraint broken.
    let (status, body) = raw("POST", &delete_path, &json_keys, b"{\"data\": ".to_vec()).await;
    assert_eq!(status, 400, "{body}");
    assert!(at(&body).0.unwrap().starts_with("body"), "{body}");
    let wrong = json!({"data": {"type": "interactions", "attributes": {"interaction_ids": [1, 2]}}});
    let (status, body) = raw("POST", &delete_path, &json_keys, serde_json::to_vec(&wrong).unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(at(&body).0.as_deref(), Some("body.data.attributes.interaction_ids[0]"), "{body}");
    let empty = json!({"data": {"type": "interactions", "attributes": {"interaction_ids": []}}});
    let (status, body) = raw("POST", &delete_path, &json_keys, serde_json::to_vec(&empty).unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(at(&body).0.as_deref(), Some("body.data.attributes.interaction_ids"), "{body}");
    let (status, body) = raw("POST", &delete_path, &[keys[0], keys[1], ("content-type", "text/xml")], b"<a/>".to_vec()).await;
    assert_eq!(status, 415, "{body}");

    // A query parameter of the wrong type, or out of its range; one missing.
    let by_ids_path = format!("{base}/api/v2/llm-obs/v1/annotated-interactions");
    let (status, body) = raw("GET", &format!("{by_ids_path}?contentIds=a&limit=ten"), &keys, Vec::new()).await;
    assert_eq!((status, at(&body).0.as_deref()), (400, Some("limit")), "{body}");
    let (status, body) = raw("GET", &format!("{by_ids_path}?contentIds=a&limit=0"), &keys, Vec::new()).await;
    assert_eq!((status, at(&body).0.as_deref()), (400, Some("limit")), "{body}");
    let (status, body) = raw("GET", &by_ids_path, &keys, Vec::new()).await;
    assert_eq!((status, at(&body).0.as_deref()), (400, Some("contentIds")), "{body}");
    let (status, body) = raw("GET", &format!("{by_ids_path}?contentIds=%FF"), &keys, Vec::new()).await;
    assert_eq!(status, 400, "{body}");

    // A body over the limit, declared or streamed.
    let huge = vec![b' '; 65 * 1024];
    let (status, body) = raw("POST", &delete_path, &json_keys, huge).await;
    assert_eq!(status, 413, "{body}");

    // Path parameters: `..` and `.` are refused, encoded slashes stay inside the value.
    let queue_path = |id: &str| format!("{base}/api/v2/llm-obs/v1/annotation-queues/{id}/annotated-interactions");
    for id in ["..", "%2E%2E", "."] {
        let (status, body) = raw("GET", &queue_path(id), &keys, Vec::new()).await;
        assert!(status == 400 || status == 404, "{id}: {status} {body}");
    }
    let (status, body) = raw("GET", &queue_path("a%2F..%2Fb"), &keys, Vec::new()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.received::<queue::Request>().last().unwrap().queue_id, "a/../b");
    let (status, _) = raw("GET", &queue_path("a/b"), &keys, Vec::new()).await;
    assert_eq!(status, 404);

    // Missing credentials (one of the two required keys is not enough).
    let (status, body) = raw("GET", &queue_path("q"), &[], Vec::new()).await;
    assert_eq!(status, 401, "{body}");
    assert!(at(&body).1.contains("apiKeyAuth"), "{body}");
    let (status, _) = raw("GET", &queue_path("q"), &keys[..1], Vec::new()).await;
    assert_eq!(status, 401);

    // Unknown paths and methods.
    let (status, _) = raw("GET", &format!("{base}/api/v2/nothing"), &keys, Vec::new()).await;
    assert_eq!(status, 404);
    let response = reqwest_client().delete(queue_path("q")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");

    // The handler saw only the requests that passed.
    assert_eq!(server.received::<delete::Request>().len(), 0);
    assert_eq!(server.received_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_over_64_connections() {
    const REQUESTS: usize = 10_000;
    const CONNECTIONS: usize = 64;
    let expected = by_ids::Response::from_http_response(&http_response(200, Some("by_content_ids_200.json"))).unwrap();
    let server = MockServer::start(Mock::new().respond::<by_ids::Request>(expected.clone())).await.unwrap();
    let url = server.url().to_owned();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for connection in 0..CONNECTIONS {
        // One client per task, at most one connection each.
        let client = generated::client::Client::builder().base_url(&url).api_key(API_KEY).app_key(APP_KEY).build().unwrap();
        let expected = expected.clone();
        let count = REQUESTS / CONNECTIONS + usize::from(connection < REQUESTS % CONNECTIONS);
        tasks.push(tokio::spawn(async move {
            for i in 0..count {
                let request = by_ids::Request::new(vec![format!("c{connection}-{i}")]).limit(10);
                let response = client.get_llm_obs_annotated_interactions_by_trace_ids(&request).await.expect("no error");
                assert_eq!(response, expected);
            }
            count
        }));
    }
    let mut done = 0;
    for task in tasks {
        done += task.await.unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(done, REQUESTS);
    assert_eq!(server.received::<by_ids::Request>().len(), REQUESTS);
    println!(
        "server load: {REQUESTS} requests over {CONNECTIONS} connections in {:.2} s: {:.0} requests/s",
        elapsed.as_secs_f64(),
        REQUESTS as f64 / elapsed.as_secs_f64()
    );
}
