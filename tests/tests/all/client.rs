//! The client (features `client`, `tracing`) against a real HTTP server on
//! 127.0.0.1, started inside each test: for every operation and every
//! documented status, the exact request the server received and the typed
//! result; retries on 429; awkward path parameters; bad keys; bodies that do
//! not match; a refused connection; a server that never answers; page walks;
//! and the span each request leaves.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use generated::client::{Client, ConfigError, Error, RetryPolicy};
use generated::models::LlmObsDeleteAnnotationQueueInteractionsRequest;
use generated::operations::{
    delete_llm_obs_annotation_queue_interactions as delete, get_llm_obs_annotated_interactions as queue,
    get_llm_obs_annotated_interactions_by_trace_ids as by_ids,
};
use serde_json::{json, Value};
use tests::{fixture, fixture_json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "api-key-0123456789abcdef";
const APP_KEY: &str = "app-key-fedcba9876543210";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key(API_KEY).app_key(APP_KEY).build().expect("a client")
}

fn json_reply(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn delete_body() -> LlmObsDeleteAnnotationQueueInteractionsRequest {
    serde_json::from_value(fixture_json("delete_request.json")).unwrap()
}

/// The only request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "expected exactly one request, got {}", received.len());
    received.remove(0)
}

/// The raw path and query, as sent on the wire.
fn path_and_query(request: &Request) -> String {
    match request.url.query() {
        Some(q) => format!("{}?{q}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// What every request carries: the two keys, and JSON accepted.
fn assert_common_headers(request: &Request) {
    assert_eq!(header(request, "DD-API-KEY"), Some(API_KEY));
    assert_eq!(header(request, "DD-APPLICATION-KEY"), Some(APP_KEY));
    assert_eq!(header(request, "accept"), Some("application/json"));
}

// ----- every operation, every documented status ------------------------------------

#[tokio::test]
async fn delete_sends_the_exact_request_and_reads_every_documented_status() {
    let statuses: [(u16, Option<&str>); 6] = [
        (204, None),
        (400, Some("delete_400.json")),
        (401, Some("delete_401.json")),
        (403, Some("delete_403.json")),
        (404, Some("delete_404.json")),
        (429, Some("delete_429.json")),
    ];
    for (status, fixture_name) in statuses {
        let server = MockServer::start().await;
        let reply = match fixture_name {
            Some(f) => json_reply(status, &fixture(f)),
            None => ResponseTemplate::new(status),
        };
        Mock::given(method("POST")).respond_with(reply).mount(&server).await;

        let request = delete::Request::new("00000000-0000-0000-0000-000000000001", delete_body());
        let response = client(&server).delete_llm_obs_annotation_queue_interactions(&request).await.unwrap();

        let received = only_request(&server).await;
        assert_eq!(received.method.as_str(), "POST");
        assert_eq!(
            path_and_query(&received),
            "/api/v2/llm-obs/v1/annotation-queues/00000000-0000-0000-0000-000000000001/interactions/delete"
        );
        assert_common_headers(&received);
        assert_eq!(header(&received, "content-type"), Some("application/json"));
        assert_eq!(serde_json::from_slice::<Value>(&received.body).unwrap(), fixture_json("delete_request.json"));

        assert_eq!(response.status(), status);
        let expected_errors = fixture_name.map(|f| fixture_json(f)["errors"].clone());
        match (status, response) {
            (204, delete::Response::NoContent) => {}
            (400, delete::Response::BadRequest(b))
            | (401, delete::Response::Unauthorized(b))
            | (403, delete::Response::Forbidden(b))
            | (404, delete::Response::NotFound(b)) => {
                assert_eq!(Some(serde_json::to_value(&b.errors).unwrap()), expected_errors)
            }
            (429, delete::Response::TooManyRequests { body, .. }) => assert_eq!(Some(json!(body.errors)), expected_errors),
            (status, other) => panic!("{status}: unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn queue_sends_the_exact_request_and_reads_every_documented_status() {
    for status in [200, 400, 401, 403, 404, 429] {
        let server = MockServer::start().await;
        let body = fixture(&format!("queue_{status}.json"));
        Mock::given(method("GET")).respond_with(json_reply(status, &body)).mount(&server).await;

        let response = client(&server).get_llm_obs_annotated_interactions(&queue::Request::new("queue-1")).await.unwrap();

        let received = only_request(&server).await;
        assert_eq!(received.method.as_str(), "GET");
        assert_eq!(path_and_query(&received), "/api/v2/llm-obs/v1/annotation-queues/queue-1/annotated-interactions");
        assert_common_headers(&received);
        assert_eq!(header(&received, "content-type"), None);
        assert!(received.body.is_empty());

        assert_eq!(response.status(), status);
        // Each typed response serializes back to the body the server sent.
        let typed = match response {
            queue::Response::Ok(b) => serde_json::to_value(b),
            queue::Response::BadRequest(b)
            | queue::Response::Unauthorized(b)
            | queue::Response::Forbidden(b)
            | queue::Response::NotFound(b) => serde_json::to_value(b),
            queue::Response::TooManyRequests { body, .. } => serde_json::to_value(body),
            other => panic!("{status}: unexpected {other:?}"),
        };
        assert_eq!(typed.unwrap(), serde_json::from_str::<Value>(&body).unwrap(), "{status}");
    }
}

#[tokio::test]
async fn by_content_ids_sends_the_exact_request_and_reads_every_documented_status() {
    for status in [200, 400, 401, 403, 429, 500] {
        let server = MockServer::start().await;
        let body = fixture(&format!("by_content_ids_{status}.json"));
        Mock::given(method("GET")).respond_with(json_reply(status, &body)).mount(&server).await;

        let request = by_ids::Request::new(vec!["trace-abc-123".into(), "a b&c=d".into()]).offset(0).limit(100);
        let response = client(&server).get_llm_obs_annotated_interactions_by_trace_ids(&request).await.unwrap();

        let received = only_request(&server).await;
        assert_eq!(received.method.as_str(), "GET");
        assert_eq!(
            path_and_query(&received),
            "/api/v2/llm-obs/v1/annotated-interactions?contentIds=trace-abc-123&contentIds=a%20b%26c%3Dd&offset=0&limit=100"
        );
        assert_common_headers(&received);
        assert!(received.body.is_empty());

        assert_eq!(response.status(), status);
        let typed = match response {
            by_ids::Response::Ok(b) => serde_json::to_value(b),
            by_ids::Response::BadRequest(b)
            | by_ids::Response::Unauthorized(b)
            | by_ids::Response::Forbidden(b)
            | by_ids::Response::InternalServerError(b) => serde_json::to_value(b),
            by_ids::Response::TooManyRequests { body, .. } => serde_json::to_value(body),
            other => panic!("{status}: unexpected {other:?}"),
        };
        assert_eq!(typed.unwrap(), serde_json::from_str::<Value>(&body).unwrap(), "{status}");
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_its_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(418).set_body_string("teapot")).mount(&server).await;
    let response = client(&server).get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert_eq!(response, queue::Response::Undocumented { status: http::StatusCode::IM_A_TEAPOT, body: b"teapot".to_vec() });
}

// ----- rate limits ----------------------------------------------------------------

fn rate_limited(reset: &str) -> ResponseTemplate {
    json_reply(429, &fixture("queue_429.json"))
        .insert_header("X-RateLimit-Limit", "100")
        .insert_header("X-RateLimit-Period", "60")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Reset", reset)
        .insert_header("X-RateLimit-Name", "llm_obs")
}

#[tokio::test]
async fn a_429_exposes_the_rate_limit_headers_and_is_not_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_limited("7")).mount(&server).await;
    let response = client(&server).get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    let queue::Response::TooManyRequests { headers, .. } = response else { panic!("not a 429: {response:?}") };
    assert_eq!(
        (headers.x_rate_limit_limit, headers.x_rate_limit_period, headers.x_rate_limit_remaining, headers.x_rate_limit_reset),
        (Some(100), Some(60), Some(0), Some(7))
    );
    assert_eq!(headers.x_rate_limit_name.as_deref(), Some("llm_obs"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_retry_policy_waits_for_the_reset_then_retries_a_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_limited("1")).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(json_reply(200, &fixture("queue_200.json"))).mount(&server).await;

    let client =
        Client::builder().base_url(server.uri()).api_key(API_KEY).app_key(APP_KEY).retry(RetryPolicy::on_rate_limit()).build().unwrap();
    let started = Instant::now();
    let response = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert!(matches!(response, queue::Response::Ok(_)), "{response:?}");
    assert!(started.elapsed() >= Duration::from_secs(1), "it waited for X-RateLimit-Reset");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    // The retry is the same request, keys included.
    assert_eq!(received[0].url, received[1].url);
    assert_common_headers(&received[1]);
}

#[tokio::test]
async fn the_retry_policy_gives_up_when_the_wait_is_too_long_or_attempts_run_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_limited("3600")).mount(&server).await;
    let policy = RetryPolicy::on_rate_limit().max_total_wait(Duration::from_secs(5));
    let client = Client::builder().base_url(server.uri()).api_key(API_KEY).app_key(APP_KEY).retry(policy).build().unwrap();
    let started = Instant::now();
    let response = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert!(matches!(response, queue::Response::TooManyRequests { .. }));
    assert!(started.elapsed() < Duration::from_secs(5), "an hour-long reset is not waited for");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(rate_limited("0")).mount(&server).await;
    let policy = RetryPolicy::on_rate_limit().max_attempts(3);
    let client = Client::builder().base_url(server.uri()).api_key(API_KEY).app_key(APP_KEY).retry(policy).build().unwrap();
    let response = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert!(matches!(response, queue::Response::TooManyRequests { .. }));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_is_retried_only_when_told_so() {
    let request = delete::Request::new("q", delete_body());
    for (non_idempotent, expected_requests) in [(false, 1), (true, 2)] {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(rate_limited("0")).up_to_n_times(1).mount(&server).await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        let policy = RetryPolicy::on_rate_limit().retry_non_idempotent(non_idempotent);
        let client = Client::builder().base_url(server.uri()).api_key(API_KEY).app_key(APP_KEY).retry(policy).build().unwrap();
        let response = client.delete_llm_obs_annotation_queue_interactions(&request).await.unwrap();
        assert_eq!(response.status(), if non_idempotent { 204 } else { 429 });
        assert_eq!(server.received_requests().await.unwrap().len(), expected_requests);
    }
}

// ----- paths, keys, bodies, transport ------------------------------------------------

#[tokio::test]
async fn path_parameters_are_encoded_so_they_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json_reply(200, &fixture("queue_200.json"))).mount(&server).await;
    let client = client(&server);
    client.get_llm_obs_annotated_interactions(&queue::Request::new("a/../b?c=1#d%e f/é")).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(
        path_and_query(&received),
        "/api/v2/llm-obs/v1/annotation-queues/a%2F..%2Fb%3Fc%3D1%23d%25e%20f%2F%C3%A9/annotated-interactions"
    );

    // A parameter that is a whole `..` segment cannot be encoded safely:
    // nothing is sent.
    for bad in ["..", ".", ""] {
        let e = client.get_llm_obs_annotated_interactions(&queue::Request::new(bad)).await.unwrap_err();
        assert!(matches!(e, Error::Request(_)), "{bad:?}: {e:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn keys_are_trimmed_checked_at_build_and_never_shown() {
    // A trailing newline (a key read from a file) is dropped.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json_reply(200, &fixture("queue_200.json"))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).api_key(format!("{API_KEY}\n")).app_key(APP_KEY).build().unwrap();
    client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap();
    assert_common_headers(&only_request(&server).await);

    let debug = format!("{client:?}");
    assert!(!debug.contains(API_KEY) && !debug.contains(APP_KEY), "{debug}");
    let builder = Client::builder().api_key(API_KEY).app_key(APP_KEY);
    assert!(!format!("{builder:?}").contains(API_KEY));

    // A newline inside, or a control character: an error naming the scheme, not a panic.
    for bad in ["abc\ndef", "abc\u{7f}", "clé", "two words"] {
        let e = Client::builder().api_key(bad).app_key(APP_KEY).build().unwrap_err();
        assert!(matches!(e, ConfigError::InvalidCredential { scheme: "apiKeyAuth", .. }), "{e:?}");
        assert!(!e.to_string().contains(bad) && !format!("{e:?}").contains(bad));
    }
    let e = Client::builder().api_key(API_KEY).app_key("  ").build().unwrap_err();
    assert!(matches!(e, ConfigError::EmptyCredential { scheme: "appKeyAuth" }), "{e:?}");
    // A key missing is an error of the call that needs it, and nothing is sent.
    let client = Client::builder().base_url(server.uri()).api_key(API_KEY).build().unwrap();
    let e = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e:?}");
    assert_eq!(e.to_string(), "missing credentials: this operation needs `apiKeyAuth` and `appKeyAuth`");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "only the first call was sent");
    let e = Client::builder().api_key(API_KEY).app_key(APP_KEY).base_url("api.datadoghq.com").build().unwrap_err();
    assert!(matches!(e, ConfigError::InvalidBaseUrl { .. }), "{e:?}");
}

#[test]
fn sites_and_the_environment() {
    let client = Client::builder().api_key(API_KEY).app_key(APP_KEY).build().unwrap();
    assert_eq!(client.base_url(), "https://api.datadoghq.com");
    let client = Client::builder().site(generated::servers::Site::Ap1DatadoghqCom).api_key(API_KEY).app_key(APP_KEY).build().unwrap();
    assert_eq!(client.base_url(), "https://api.ap1.datadoghq.com");

    // The only test that touches these variables.
    std::env::set_var("DD_SITE", "datadoghq.eu");
    std::env::set_var("DD_API_KEY", API_KEY);
    std::env::set_var("DD_APP_KEY", format!("{APP_KEY}\n"));
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "https://api.datadoghq.eu");

    std::env::set_var("DD_SITE", "datadoghq.moon");
    let e = Client::from_env().unwrap_err();
    assert!(matches!(e, ConfigError::InvalidEnv { var: "DD_SITE", .. }), "{e:?}");
    assert!(e.to_string().starts_with("DD_SITE: "), "{e}");
    assert!(e.to_string().contains("us5.datadoghq.com"), "the message lists the sites: {e}");

    std::env::remove_var("DD_SITE");
    std::env::remove_var("DD_APP_KEY");
    // Credentials are checked per call: a client without one still builds.
    let client = Client::from_env().unwrap();
    assert!(!format!("{client:?}").contains(API_KEY));
    std::env::remove_var("DD_API_KEY");
}

#[tokio::test]
async fn a_body_that_does_not_match_its_schema_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    let body = r#"{"data":{"attributes":{"annotated_interactions":"none"},"id":"x","type":"annotated_interactions"}}"#;
    Mock::given(method("GET")).respond_with(json_reply(200, body)).mount(&server).await;
    let e = client(&server).get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_eq!(e.status(), Some(http::StatusCode::OK));
    assert_eq!(e.body(), Some(body.as_bytes()));
    assert!(e.to_string().contains("data.attributes.annotated_interactions"), "{e}");
}

#[tokio::test]
async fn a_request_that_breaks_a_constraint_is_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json_reply(200, &fixture("by_content_ids_200.json"))).mount(&server).await;
    let client = client(&server);
    let e = client.get_llm_obs_annotated_interactions_by_trace_ids(&by_ids::Request::new(vec![])).await.unwrap_err();
    assert_eq!(e.to_string(), "invalid request: contentIds: has 0 item(s); at least 1 required");
    let e = client.get_llm_obs_annotated_interactions_by_trace_ids(&by_ids::Request::new(vec!["t".into()]).limit(0)).await.unwrap_err();
    assert!(matches!(&e, Error::Validation(v) if v.path() == "limit"), "{e:?}");
    let request = delete::Request::new(
        "q",
        serde_json::from_value(json!({"data": {"attributes": {"interaction_ids": []}, "type": "interactions"}})).unwrap(),
    );
    let e = client.delete_llm_obs_annotation_queue_interactions(&request).await.unwrap_err();
    assert!(matches!(&e, Error::Validation(v) if v.path() == "body.data.attributes.interaction_ids"), "{e:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // A port that was just free: nothing listens on it any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().base_url(format!("http://127.0.0.1:{port}")).api_key(API_KEY).app_key(APP_KEY).build().unwrap();
    let e = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap_err();
    assert!(e.is_connect(), "{e:?}");
    assert_eq!(e.kind(), "connect");
    assert_eq!(e.status(), None);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    // Accepts the connection, reads nothing, answers nothing.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .api_key(API_KEY)
        .app_key(APP_KEY)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.get_llm_obs_annotated_interactions(&queue::Request::new("q")).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(e.kind(), "timeout");
    assert!(started.elapsed() < Duration::from_secs(10));
    hold.abort();
}

// ----- pages ------------------------------------------------------------------------

fn page(offset: usize, count: usize, total: usize) -> String {
    let item = fixture_json("by_content_ids_200.json")["data"]["attributes"]["annotated_interactions"][0].clone();
    let items: Vec<Value> = (offset..offset + count)
        .map(|i| {
            let mut item = item.clone();
            item["id"] = json!(format!("interaction-{i}"));
            item
        })
        .collect();
    json!({"data": {"attributes": {"annotated_interactions": items, "total_count": total}, "id": "trace-query", "type": "annotated_interactions_by_trace"}})
        .to_string()
}

/// The query strings the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn pages_walk_offsets_until_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset")).respond_with(json_reply(200, &page(0, 2, 5))).mount(&server).await;
    for (offset, count) in [(2, 2), (4, 1)] {
        Mock::given(method("GET"))
            .and(path("/api/v2/llm-obs/v1/annotated-interactions"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(json_reply(200, &page(offset, count, 5)))
            .mount(&server)
            .await;
    }
    let request = by_ids::Request::new(vec!["trace-abc-123".into()]).limit(2);
    let pages: Vec<_> = client(&server).get_llm_obs_annotated_interactions_by_trace_ids_pages(request).collect().await;
    let ids: Vec<Vec<String>> =
        pages.into_iter().map(|p| p.unwrap().data.attributes.annotated_interactions.into_iter().map(|i| i.id).collect()).collect();
    assert_eq!(ids, [vec!["interaction-0", "interaction-1"], vec!["interaction-2", "interaction-3"], vec!["interaction-4"]]);
    // The first page is the request as given (no offset); the walk then moves
    // the offset past the items received.
    assert_eq!(
        queries(&server).await,
        ["contentIds=trace-abc-123&limit=2", "contentIds=trace-abc-123&offset=2&limit=2", "contentIds=trace-abc-123&offset=4&limit=2"]
    );
}

#[tokio::test]
async fn pages_use_the_spec_default_limit_and_take_one_empty_page_after_full_ones() {
    // Datadog's rule: only a short page ends the walk, whatever `total_count`
    // says, so a listing that fills its last page costs one empty page more.
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset")).respond_with(json_reply(200, &page(0, 100, 100))).mount(&server).await;
    Mock::given(query_param("offset", "100")).respond_with(json_reply(200, &page(100, 0, 100))).mount(&server).await;
    let request = by_ids::Request::new(vec!["t".into()]);
    let pages: Vec<_> = client(&server).get_llm_obs_annotated_interactions_by_trace_ids_pages(request).collect().await;
    let counts: Vec<usize> = pages.into_iter().map(|p| p.unwrap().data.attributes.annotated_interactions.len()).collect();
    assert_eq!(counts, [100, 0]);
    assert_eq!(queries(&server).await, ["contentIds=t&limit=100", "contentIds=t&offset=100&limit=100"]);
}

#[tokio::test]
async fn pages_stop_at_the_first_error_and_on_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset")).respond_with(json_reply(200, &page(0, 2, 10))).mount(&server).await;
    Mock::given(query_param("offset", "2")).respond_with(json_reply(500, &fixture("by_content_ids_500.json"))).mount(&server).await;
    let request = by_ids::Request::new(vec!["t".into()]).limit(2);
    let pages: Vec<_> = client(&server).get_llm_obs_annotated_interactions_by_trace_ids_pages(request).collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    let e = pages[1].as_ref().unwrap_err();
    assert!(matches!(e, Error::Status { .. }), "{e:?}");
    assert_eq!(e.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // A server that claims more than it has: the walk ends on the empty page.
    let server = MockServer::start().await;
    Mock::given(query_param("offset", "3")).respond_with(json_reply(200, &page(3, 0, 100))).mount(&server).await;
    let request = by_ids::Request::new(vec!["t".into()]).offset(3);
    let pages: Vec<_> = client(&server).get_llm_obs_annotated_interactions_by_trace_ids_pages(request).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(queries(&server).await, ["contentIds=t&offset=3&limit=100"]);
}

// ----- tracing ------------------------------------------------------------------------

mod spans {
    //! A subscriber that records every span's fields as text.

    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    /// Each span's name and its fields as (name, value) pairs, in the order recorded.
    pub type Spans = Vec<(String, Vec<(String, String)>)>;

    #[derive(Clone, Default)]
    pub struct Recorder(pub Arc<Mutex<Spans>>);

    struct Fields<'a>(&'a mut Vec<(String, String)>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }
    }

    impl Subscriber for Recorder {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut spans = self.0.lock().unwrap();
            let mut fields = Vec::new();
            span.record(&mut Fields(&mut fields));
            spans.push((span.metadata().name().to_owned(), fields));
            Id::from_u64(spans.len() as u64)
        }
        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut spans = self.0.lock().unwrap();
            let index = span.into_u64() as usize - 1;
            values.record(&mut Fields(&mut spans[index].1));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, _: &Event<'_>) {}
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn each_request_leaves_one_span_with_the_http_client_conventions_and_no_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json_reply(404, &fixture("queue_404.json"))).mount(&server).await;
    let client = client(&server);
    let recorder = spans::Recorder::default();
    let dispatch = tracing::Dispatch::new(recorder.clone());
    {
        let _guard = tracing::dispatcher::set_default(&dispatch);
        client.get_llm_obs_annotated_interactions(&queue::Request::new("secret-queue")).await.unwrap();
    }
    let spans = recorder.0.lock().unwrap().clone();
    let ours: Vec<_> = spans.iter().filter(|(name, _)| name == "http.client.request").collect();
    assert_eq!(ours.len(), 1, "{spans:?}");
    let fields = &ours[0].1;
    let get = |name: &str| fields.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let template = "/api/v2/llm-obs/v1/annotation-queues/{queue_id}/annotated-interactions";
    assert_eq!(get("http.request.method"), Some("GET"));
    assert_eq!(get("url.template"), Some(template));
    assert_eq!(get("otel.name"), Some(format!("GET {template}").as_str()));
    assert_eq!(get("otel.kind"), Some("client"));
    assert_eq!(get("server.address"), Some("127.0.0.1"));
    assert_eq!(get("http.response.status_code"), Some("404"));
    assert_eq!(get("error.type"), Some("404"));
    let everything = format!("{spans:?}");
    for secret in [API_KEY, APP_KEY, "secret-queue", "Missing required attribute"] {
        assert!(!everything.contains(secret), "a span records {secret:?}: {everything}");
    }
}
