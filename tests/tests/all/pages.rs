//! The page walks of Datadog's `x-pagination` that the checked-in crate's one
//! listing (an offset) does not show, run by the client of
//! `tests/generated-pages/` (from `tests/coverage-specs/pagination.yaml`)
//! against a server on 127.0.0.1: a page number from 0 over a body that is
//! the array (Datadog's ListMonitors) and from 1 (its v2 ListCases'
//! `pageStart`), a cursor read from the page (its v2 listings) and sent in
//! the query or in the request body (its v2 search listings), and a page
//! whose items are absent.

use futures_util::StreamExt as _;
use generated_pages::client::Client;
use generated_pages::operations::{list_cases, list_counters, list_dashboards, list_events, list_monitors, search_logs};
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("a client")
}

fn reply(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// `count` items, numbered from `first`.
fn items(first: usize, count: usize) -> Value {
    (first..first + count).map(|i| json!({"id": format!("item-{i}")})).collect()
}

/// The query strings the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    server.received_requests().await.expect("recording is on").iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn a_page_number_starts_at_zero_and_goes_up_until_a_short_page() {
    let server = MockServer::start().await;
    for (page, count) in [(0, 2), (1, 2), (2, 1)] {
        Mock::given(query_param("page", page.to_string())).respond_with(reply(items(page * 2, count))).mount(&server).await;
    }
    let request = list_monitors::Request::default().page_size(2);
    let pages: Vec<_> = client(&server).list_monitors_pages(request).collect().await;
    let ids: Vec<Vec<String>> = pages.into_iter().map(|page| page.expect("a page").into_iter().map(|item| item.id).collect()).collect();
    assert_eq!(ids, [vec!["item-0", "item-1"], vec!["item-2", "item-3"], vec!["item-4"]]);
    // Page 0 is sent, not left out: Datadog's ListMonitors returns every
    // monitor at once without it.
    assert_eq!(queries(&server).await, ["page=0&page_size=2", "page=1&page_size=2", "page=2&page_size=2"]);
}

#[tokio::test]
async fn a_page_number_walk_uses_the_spec_default_page_size() {
    let server = MockServer::start().await;
    Mock::given(query_param("page", "3")).respond_with(reply(items(0, 99))).mount(&server).await;
    let pages: Vec<_> = client(&server).list_monitors_pages(list_monitors::Request::default().page(3)).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(queries(&server).await, ["page=3&page_size=100"]);
}

#[tokio::test]
async fn a_page_number_with_page_start_starts_there() {
    let server = MockServer::start().await;
    for (page, count) in [(1, 2), (2, 1)] {
        let body = json!({"data": items((page - 1) * 2, count)});
        Mock::given(query_param("page[number]", page.to_string())).respond_with(reply(body)).mount(&server).await;
    }
    let request = list_cases::Request::default().page_size(2);
    let pages: Vec<_> = client(&server).list_cases_pages(request).collect().await;
    // The items are behind an alias of an array (`Cases`).
    let counts: Vec<usize> = pages.into_iter().map(|page| page.expect("a page").data.map_or(0, |d| d.len())).collect();
    assert_eq!(counts, [2, 1]);
    assert_eq!(queries(&server).await, ["page%5Bsize%5D=2&page%5Bnumber%5D=1", "page%5Bsize%5D=2&page%5Bnumber%5D=2"]);
}

fn events_page(first: usize, count: usize, after: Option<&str>) -> Value {
    json!({"data": items(first, count), "meta": {"page": {"after": after}}})
}

#[tokio::test]
async fn a_cursor_is_read_from_each_page_until_a_page_has_none() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page[cursor]")).respond_with(reply(events_page(0, 2, Some("c1")))).mount(&server).await;
    Mock::given(query_param("page[cursor]", "c1")).respond_with(reply(events_page(2, 2, Some("c/2 &")))).mount(&server).await;
    // A full page, but `after` is null: there is no next page to ask for.
    Mock::given(query_param("page[cursor]", "c/2 &")).respond_with(reply(events_page(4, 2, None))).mount(&server).await;
    let pages: Vec<_> = client(&server).list_events_pages(list_events::Request::new(2)).collect().await;
    let counts: Vec<usize> = pages.into_iter().map(|page| page.expect("a page").data.len()).collect();
    assert_eq!(counts, [2, 2, 2]);
    assert_eq!(
        queries(&server).await,
        ["page%5Blimit%5D=2", "page%5Blimit%5D=2&page%5Bcursor%5D=c1", "page%5Blimit%5D=2&page%5Bcursor%5D=c%2F2%20%26"]
    );
}

#[tokio::test]
async fn a_cursor_in_the_request_body_is_set_on_each_page() {
    let server = MockServer::start().await;
    Mock::given(body_partial_json(json!({"page": {"cursor": "c1"}})))
        .respond_with(reply(events_page(10, 1, None)))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(reply(events_page(0, 10, Some("c1")))).mount(&server).await;
    // No body at all: the walk fills in the body and its `page` with their
    // defaults, and the page size with the spec's.
    let pages: Vec<_> = client(&server).search_logs_pages(search_logs::Request::default()).collect().await;
    let counts: Vec<usize> = pages.into_iter().map(|page| page.expect("a page").data.map_or(0, |d| d.len())).collect();
    assert_eq!(counts, [10, 1]);
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
        .collect();
    assert_eq!(bodies, [json!({"page": {"limit": 10}}), json!({"page": {"cursor": "c1", "limit": 10}})]);
}

#[tokio::test]
async fn a_short_page_ends_a_cursor_walk_even_with_a_cursor() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page[cursor]")).respond_with(reply(events_page(0, 1, Some("c1")))).mount(&server).await;
    let pages: Vec<_> = client(&server).list_events_pages(list_events::Request::new(2)).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(queries(&server).await.len(), 1);
}

#[tokio::test]
async fn a_page_without_its_items_is_the_last() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("start")).respond_with(reply(json!({}))).mount(&server).await;
    let pages: Vec<_> = client(&server).list_dashboards_pages(list_dashboards::Request::default()).collect().await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].as_ref().expect("a page").dashboards.is_none());
    assert_eq!(queries(&server).await, ["count=100"]);
}

/// `count` counters whose `total`s are `u64`s beyond `i64`, numbered from `first`.
fn counters(first: u64, count: u64) -> Value {
    (first..first + count).map(|i| json!({"total": u64::MAX - i})).collect()
}

/// The format registry's unsigned integers: a `uint16` page size and a
/// `uint64` offset walk as the signed ones do.
#[tokio::test]
async fn an_unsigned_offset_walks_with_an_unsigned_page_size() {
    let server = MockServer::start().await;
    for (offset, count) in [(None, 3), (Some(3), 3), (Some(6), 1)] {
        let matcher = match offset {
            None => Mock::given(query_param_is_missing("offset")),
            Some(offset) => Mock::given(query_param("offset", offset.to_string())),
        };
        matcher.respond_with(reply(counters(offset.unwrap_or(0), count))).mount(&server).await;
    }
    let request = list_counters::Request::default().limit(3_u16);
    let pages: Vec<_> = client(&server).list_counters_pages(request).collect().await;
    let totals: Vec<u64> = pages.into_iter().flat_map(|page| page.expect("a page")).map(|c| c.total).collect();
    assert_eq!(totals, (0..7).map(|i| u64::MAX - i).collect::<Vec<_>>());
    assert_eq!(queries(&server).await, ["limit=3", "limit=3&offset=3", "limit=3&offset=6"]);
}

/// Each integer `format` of the registry is its own Rust type: values past
/// `i64` read and write back exactly, values the type cannot hold are
/// refused, and constraints compare in the field's own type.
#[test]
fn integer_formats_are_their_rust_types() {
    use generated_pages::models::Counter;
    use generated_pages::validate::Validate as _;
    let json = json!({"total": u64::MAX, "delta": -100, "small": 255, "port": 65535, "wide": -32768, "count": 4_000_000_000_u32});
    let counter: Counter = serde_json::from_value(json.clone()).expect("every value fits its type");
    assert_eq!(
        (counter.total, counter.delta, counter.small, counter.port, counter.wide, counter.count),
        (u64::MAX, Some(-100), Some(255), Some(65535), Some(-32768), Some(4_000_000_000))
    );
    assert_eq!(serde_json::to_value(&counter).unwrap(), json);
    counter.validate().expect("within the spec's bounds");
    for (field, value) in
        [("total", json!(-1)), ("small", json!(256)), ("delta", json!(128)), ("port", json!(-1)), ("count", json!(1_u64 << 32))]
    {
        let mut bad = json.clone();
        bad[field] = value;
        assert!(serde_json::from_value::<Counter>(bad).is_err(), "{field} out of its type's range");
    }
    let mut low = counter.clone();
    low.delta = Some(-101);
    let error = low.validate().expect_err("below the minimum").to_string();
    assert!(error.contains("delta") && error.contains("-100"), "{error}");
}
