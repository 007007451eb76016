//! Query parameters in every style OpenAPI 3 has (`form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject`), arrays and objects exploded or not, and
//! `allowReserved`: the runtime's layout of each, then the exact query
//! string the client of `tests/generated-requests/` sends for the `search`
//! operation of `tests/coverage-specs/requests.yaml` to a server on
//! 127.0.0.1.

use generated_requests::client::Client;
use generated_requests::operations::search;
use generated_requests::runtime::{pairs, pairs_reserved, Node, Query, Style};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `value` laid out in `style` as a query string.
fn query(value: impl serde::Serialize, style: Style, explode: bool) -> String {
    let mut out = String::new();
    Query::new(&mut out).push_value("n", &value, style, explode).unwrap();
    out
}

/// An object whose keys keep their order (`serde_json::Value` sorts them).
#[derive(serde::Serialize)]
#[allow(non_snake_case)]
struct Rgb {
    R: u8,
    G: u8,
    B: u8,
}

#[test]
fn each_style_lays_out_arrays_and_objects_as_openapi_3_says() {
    use Style::*;
    let array = || json!(["blue", "black", "brown"]);
    let object = || Rgb { R: 100, G: 200, B: 150 };
    // The table of OpenAPI 3.1's "Style Examples", percent-encoded.
    for (style, explode, array_query, object_query) in [
        (Form, true, "?n=blue&n=black&n=brown", "?R=100&G=200&B=150"),
        (Form, false, "?n=blue,black,brown", "?n=R,100,G,200,B,150"),
        (SpaceDelimited, true, "?n=blue&n=black&n=brown", "?R=100&G=200&B=150"),
        (SpaceDelimited, false, "?n=blue%20black%20brown", "?n=R%20100%20G%20200%20B%20150"),
        (PipeDelimited, true, "?n=blue&n=black&n=brown", "?R=100&G=200&B=150"),
        (PipeDelimited, false, "?n=blue%7Cblack%7Cbrown", "?n=R%7C100%7CG%7C200%7CB%7C150"),
        (DeepObject, true, "?n%5B0%5D=blue&n%5B1%5D=black&n%5B2%5D=brown", "?n%5BR%5D=100&n%5BG%5D=200&n%5BB%5D=150"),
    ] {
        assert_eq!(query(array(), style, explode), array_query, "{style:?}, explode {explode}: array");
        assert_eq!(query(object(), style, explode), object_query, "{style:?}, explode {explode}: object");
    }
    // A scalar is `n=value` whatever the style.
    for style in [Form, SpaceDelimited, PipeDelimited, DeepObject] {
        assert_eq!(query(json!("a b"), style, false), "?n=a%20b");
    }
}

#[test]
fn deep_objects_nest_as_deep_as_the_value_goes() {
    // Keys in sorted order: `serde_json::Value` sorts them.
    let value = Node::of(&json!({"open": true, "owner": {"name": "ada", "tags": ["x", "y z"]}})).unwrap();
    let pairs = pairs("filter", &value, Style::DeepObject, true);
    let expected = [
        ("filter%5Bopen%5D", "true"),
        ("filter%5Bowner%5D%5Bname%5D", "ada"),
        ("filter%5Bowner%5D%5Btags%5D%5B0%5D", "x"),
        ("filter%5Bowner%5D%5Btags%5D%5B1%5D", "y%20z"),
    ];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
}

#[test]
fn separators_inside_items_are_encoded_so_items_stay_apart() {
    assert_eq!(query(json!(["a|b", "c d", "e,f"]), Style::PipeDelimited, false), "?n=a%7Cb%7Cc%20d%7Ce%2Cf");
    assert_eq!(query(json!(["a b", "c"]), Style::SpaceDelimited, false), "?n=a%20b%20c");
    assert_eq!(query(json!(["a,b", "c"]), Style::Form, false), "?n=a%2Cb,c");
}

#[test]
fn allow_reserved_keeps_reserved_characters_but_those_that_would_break_the_query() {
    let value = Node::of("https://example.com/a?b=c;d,e:f@g!$()*&h+i#j[k] l%20m%zz").unwrap();
    let [(name, value)] = &pairs_reserved("next", &value, Style::Form, true)[..] else { panic!("one pair") };
    assert_eq!(name, "next");
    // `:/?=;,@!$()*` and the triple `%20` as they are; `&`, `+`, `#`, `[`,
    // `]`, the space and a `%` that starts no triple encoded.
    assert_eq!(value, "https://example.com/a?b=c;d,e:f@g!$()*%26h%2Bi%23j%5Bk%5D%20l%20m%25zz");
    // Without it, everything but the unreserved characters is encoded.
    let [(_, plain)] = &pairs("next", &Node::of("a/b?c").unwrap(), Style::Form, true)[..] else { panic!("one pair") };
    assert_eq!(plain, "a%2Fb%3Fc");
}

pub(crate) fn search_request() -> search::Request {
    search::Request {
        filter: Some(serde_json::from_value(json!({"status": "open", "owner": {"name": "ada l"}, "ids": [1, 2]})).unwrap()),
        ids: Some(vec![1, 2, 3]),
        words: Some(vec!["big".into(), "red dog".into()]),
        labels: Some(vec!["a".into(), "b|c".into()]),
        point: Some(serde_json::from_value(json!({"x": 1, "y": -2})).unwrap()),
        box_: Some(serde_json::from_value(json!({"w": 3, "h": 4})).unwrap()),
        color: Some(serde_json::from_value(json!({"r": 10, "g": 20})).unwrap()),
        next: Some("https://example.com/p?q=1&r=2".into()),
        paths: Some(vec!["a/b".into(), "c:d".into()]),
    }
}

const SEARCH_QUERY: &str = "filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bname%5D=ada%20l&filter%5Bids%5D%5B0%5D=1&filter%5Bids%5D%5B1%5D=2\
    &ids=1%7C2%7C3\
    &words=big%20red%20dog\
    &labels=a&labels=b%7Cc\
    &point=x%201%20y%20-2\
    &box=w%7C3%7Ch%7C4\
    &r=10&g=20\
    &next=https://example.com/p?q=1%26r=2\
    &paths=a/b,c:d";

#[test]
fn the_generated_request_writes_each_parameter_in_its_style() {
    assert_eq!(search_request().path_and_query().unwrap(), format!("/search?{SEARCH_QUERY}"));
}

#[tokio::test]
async fn the_server_receives_the_exact_query_string() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.search(&search_request()).await.expect("sent");
    let received = server.received_requests().await.expect("recording is on");
    let [request] = &received[..] else { panic!("one request") };
    assert_eq!(request.url.path(), "/search");
    assert_eq!(request.url.query(), Some(SEARCH_QUERY));
}
