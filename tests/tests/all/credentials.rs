//! Credentials of every kind of security scheme, sent by the client of
//! `tests/generated-requests/` (`tests/coverage-specs/requests.yaml`) to a
//! server on 127.0.0.1: an API key in a header, the query and a cookie
//! (beside the request's own cookie), a bearer token (HTTP `bearer`,
//! `oauth2`, `openIdConnect`) and HTTP basic; each operation sends the
//! first of its requirements the client has every credential of, and no
//! other credential; a call none of whose requirements can be met is an
//! error before anything is sent; nothing secret shows in `Debug` or in
//! an error.

use generated_requests::client::{Client, ClientBuilder, ConfigError, Error};
use generated_requests::operations::{get_optionally_signed, get_with_keys, get_with_token};
use generated_requests::runtime::{choose_requirement, SentAs};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const HEADER_KEY: &str = "hk-0123456789";
const QUERY_KEY: &str = "qk/+ &=é";
const COOKIE_KEY: &str = "ck-abcdef";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.e30.sig";
const PASSWORD: &str = "pa:ss wörd";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// Every request the server received, and forgets them.
async fn received(server: &MockServer) -> Vec<Request> {
    let requests = server.received_requests().await.expect("recording is on");
    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(server).await;
    requests
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII"))
}

fn keys(builder: ClientBuilder) -> ClientBuilder {
    builder.header_key(HEADER_KEY).query_key(QUERY_KEY).cookie_key(COOKIE_KEY)
}

#[tokio::test]
async fn api_keys_go_in_their_header_query_parameter_and_cookie() {
    let server = server().await;
    let client = keys(Client::builder().base_url(server.uri())).bearer(TOKEN).build().unwrap();
    let request = get_with_keys::Request::default().page(2).theme("dark".to_owned());
    client.get_with_keys(&request).await.expect("sent");
    let [request] = &received(&server).await[..] else { panic!("one request") };
    assert_eq!(header(request, "x-key"), Some(HEADER_KEY));
    // The key percent-encoded after the request's own parameters; the
    // parameter's name (`api key`) too.
    assert_eq!(request.url.query(), Some("page=2&api+key=qk%2F%2B+%26%3D%C3%A9"));
    assert_eq!(request.url.query_pairs().find(|(k, _)| k == "api key").map(|(_, v)| v.into_owned()).as_deref(), Some(QUERY_KEY));
    // One Cookie header: the request's cookie, then the key.
    assert_eq!(request.headers.get_all("cookie").iter().count(), 1);
    assert_eq!(header(request, "cookie"), Some("theme=dark; sid=ck-abcdef"));
    // The first requirement is met: the bearer token of the second is not sent.
    assert_eq!(header(request, "authorization"), None);
}

#[tokio::test]
async fn the_first_requirement_met_is_sent_and_no_other_credential() {
    let server = server().await;
    // Without the cookie key, the first requirement is not met: the bearer token is sent, and no key.
    let client = Client::builder().base_url(server.uri()).header_key(HEADER_KEY).query_key(QUERY_KEY).bearer(TOKEN).build().unwrap();
    client.get_with_keys(&get_with_keys::Request::default()).await.expect("sent");
    let [request] = &received(&server).await[..] else { panic!("one request") };
    assert_eq!(header(request, "authorization"), Some(&*format!("Bearer {TOKEN}")));
    assert_eq!(header(request, "x-key"), None);
    assert_eq!(request.url.query(), None);
    assert_eq!(header(request, "cookie"), None);

    // Basic, the third alternative: `user:password` in base64 (the
    // password may hold `:`, spaces and non-ASCII text).
    let client = Client::builder().base_url(server.uri()).basic("ada", PASSWORD).build().unwrap();
    client.get_with_keys(&get_with_keys::Request::default()).await.expect("sent");
    let [request] = &received(&server).await[..] else { panic!("one request") };
    assert_eq!(header(request, "authorization"), Some("Basic YWRhOnBhOnNzIHfDtnJk"));

    // OAuth 2 and OpenID Connect: an access token, sent as a bearer token.
    for client in [
        Client::builder().base_url(server.uri()).oauth(TOKEN).build().unwrap(),
        Client::builder().base_url(server.uri()).open_id(format!("{TOKEN}\n")).build().unwrap(),
    ] {
        client.get_with_token(&get_with_token::Request::default()).await.expect("sent");
        let [request] = &received(&server).await[..] else { panic!("one request") };
        assert_eq!(header(request, "authorization"), Some(&*format!("Bearer {TOKEN}")));
    }
}

#[tokio::test]
async fn optional_credentials_are_sent_when_given() {
    let server = server().await;
    let anonymous = Client::builder().base_url(server.uri()).build().unwrap();
    anonymous.get_optionally_signed(&get_optionally_signed::Request::default()).await.expect("sent");
    let signed = Client::builder().base_url(server.uri()).header_key(HEADER_KEY).bearer(TOKEN).build().unwrap();
    signed.get_optionally_signed(&get_optionally_signed::Request::default()).await.expect("sent");
    let [first, second] = &received(&server).await[..] else { panic!("two requests") };
    assert_eq!(header(first, "x-key"), None);
    assert_eq!(header(second, "x-key"), Some(HEADER_KEY));
    assert_eq!(header(second, "authorization"), None, "the token is not one this operation asks for");
}

#[tokio::test]
async fn a_call_without_the_credentials_it_needs_is_refused_before_sending() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).header_key(HEADER_KEY).query_key(QUERY_KEY).build().unwrap();
    let e = client.get_with_keys(&get_with_keys::Request::default()).await.unwrap_err();
    assert!(
        matches!(&e, Error::Credentials(missing) if missing.alternatives == [vec!["headerKey", "queryKey", "cookieKey"], vec!["bearerAuth"], vec!["basicAuth"]]),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "missing credentials: this operation needs `headerKey` and `queryKey` and `cookieKey` or `bearerAuth` or `basicAuth`"
    );
    assert_eq!(e.kind(), "credentials");
    let e = client.get_with_token(&get_with_token::Request::default()).await.unwrap_err();
    assert_eq!(e.to_string(), "missing credentials: this operation needs `oauth` or `openId`");
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[test]
fn credentials_are_checked_at_build_and_never_shown() {
    let client = keys(Client::builder()).bearer(TOKEN).basic("ada", PASSWORD).build().unwrap();
    let builder = keys(Client::builder()).bearer(TOKEN).basic("ada", PASSWORD);
    for debug in [format!("{client:?}"), format!("{builder:?}")] {
        for secret in [HEADER_KEY, QUERY_KEY, COOKIE_KEY, TOKEN, PASSWORD, "YWRhOnBhOnNzIHfDtnJk"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
    }
    let refused: &[(ClientBuilder, &str)] = &[
        (Client::builder().header_key("two words"), "headerKey"),
        (Client::builder().cookie_key("a;b"), "cookieKey"),
        (Client::builder().cookie_key("é"), "cookieKey"),
        (Client::builder().bearer("a\nb"), "bearerAuth"),
        (Client::builder().basic("a:b", "pw"), "basicAuth"),
        (Client::builder().basic("ada", "pw\r\n"), "basicAuth"),
    ];
    for (builder, scheme) in refused {
        let e = builder.clone().build().unwrap_err();
        assert!(matches!(e, ConfigError::InvalidCredential { scheme: s, .. } if s == *scheme), "{e:?}");
        assert!(!e.to_string().contains("a;b") && !e.to_string().contains("two words"), "{e}");
    }
    for builder in [Client::builder().query_key(" "), Client::builder().basic(" ", "pw"), Client::builder().oauth("")] {
        assert!(matches!(builder.build().unwrap_err(), ConfigError::EmptyCredential { .. }));
    }
    // A query key may hold anything: it is percent-encoded.
    assert!(Client::builder().query_key("a key; é").build().is_ok());
}

/// The schemes as data, for code that sends requests itself.
#[test]
fn each_operation_lists_its_requirements_as_data() {
    use generated_requests::security::*;
    assert_eq!(HEADER_KEY.sent_as, SentAs::Header("X-Key"));
    assert_eq!(QUERY_KEY.sent_as, SentAs::Query("api key"));
    assert_eq!(COOKIE_KEY.sent_as, SentAs::Cookie("sid"));
    assert_eq!(
        (BEARER_AUTH.sent_as, BASIC_AUTH.sent_as, OAUTH.sent_as, OPEN_ID.sent_as),
        (SentAs::Bearer, SentAs::Basic, SentAs::Bearer, SentAs::Bearer)
    );
    assert_eq!(get_with_keys::Request::SECURITY, &[&[HEADER_KEY, QUERY_KEY, COOKIE_KEY][..], &[BEARER_AUTH], &[BASIC_AUTH]]);
    assert_eq!(choose_requirement(get_with_keys::Request::SECURITY, |s| s.sent_as == SentAs::Basic), Ok(&[BASIC_AUTH][..]));
    assert_eq!(get_optionally_signed::Request::SECURITY, &[&[][..], &[HEADER_KEY]]);
    // Operations without `security` need nothing.
    assert!(generated_requests::operations::get_report::Request::SECURITY.is_empty());
}

/// A token endpoint on loopback that counts its hits and answers each with
/// a new token (`token-1`, `token-2`...) living `lifetime` seconds; it
/// takes a moment, so that requests arriving meanwhile would fetch again
/// if they did not wait for the fetch under way.
struct TokenEndpoint {
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    lifetime: u64,
}

impl wiremock::Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"access_token": format!("token-{n}"), "token_type": "Bearer", "expires_in": self.lifetime}))
            .set_delay(std::time::Duration::from_millis(100))
    }
}

#[tokio::test]
async fn client_credentials_are_fetched_once_for_concurrent_requests_and_again_after_expiry() {
    use generated_requests::client::ClientCredentials;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use wiremock::matchers::{method, path};

    let server = MockServer::start().await;
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST")).and(path("/token")).respond_with(TokenEndpoint { hits: hits.clone(), lifetime: 1 }).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    // A token living 1 s is refreshed halfway through (the 30 s margin is capped at half the lifetime).
    let provider = ClientCredentials::new(format!("{}/token", server.uri()), "app id", "s3cr:et").scopes(["read", "write"]);
    assert!(!format!("{provider:?}").contains("s3cr"), "{provider:?}");
    let client = Client::builder().base_url(server.uri()).oauth_provider(provider).build().unwrap();

    let request = get_with_token::Request::default();
    let burst = || futures_util::future::join_all((0..20).map(|_| client.get_with_token(&request)));
    for result in burst().await {
        result.expect("sent");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1, "one fetch for 20 concurrent requests");
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    for result in burst().await {
        result.expect("sent");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 2, "one more fetch once the token is about to expire");

    let requests = server.received_requests().await.expect("recording is on");
    let (fetches, calls): (Vec<&Request>, Vec<&Request>) = requests.iter().partition(|r| r.url.path() == "/token");
    // The grant, form-encoded; the client's id and secret form-encoded, then in basic authentication.
    assert_eq!(std::str::from_utf8(&fetches[0].body).unwrap(), "grant_type=client_credentials&scope=read+write");
    assert_eq!(header(fetches[0], "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(fetches[0], "authorization"), Some("Basic YXBwK2lkOnMzY3IlM0FldA=="));
    let sent: Vec<&str> = calls.iter().map(|r| header(r, "authorization").expect("a token")).collect();
    assert_eq!(sent.len(), 40);
    assert!(sent[..20].iter().all(|t| *t == "Bearer token-1") && sent[20..].iter().all(|t| *t == "Bearer token-2"), "{sent:?}");
}

#[tokio::test]
async fn a_token_provider_may_be_a_closure_and_its_failure_is_an_error_naming_the_scheme() {
    use generated_requests::client::{AccessToken, TokenError};
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).open_id_provider(|| Ok(AccessToken::new("from-a-file"))).build().unwrap();
    client.get_with_token(&get_with_token::Request::default()).await.expect("sent");
    let [request] = &received(&server).await[..] else { panic!("one request") };
    assert_eq!(header(request, "authorization"), Some("Bearer from-a-file"));

    let failing =
        Client::builder().base_url(server.uri()).open_id_provider(|| Err(TokenError::new("the vault is sealed"))).build().unwrap();
    let e = failing.get_with_token(&get_with_token::Request::default()).await.unwrap_err();
    assert!(matches!(&e, Error::Token { scheme: "openId", .. }), "{e:?}");
    assert_eq!(e.to_string(), "no token for security scheme `openId`: the vault is sealed");
    assert!(received(&server).await.is_empty(), "nothing sent");

    // A provider wins over a fixed token; neither shows in `Debug`.
    let builder = Client::builder().base_url(server.uri()).oauth(TOKEN).oauth_provider(AccessToken::new("provided"));
    assert!(!format!("{builder:?}").contains(TOKEN) && !format!("{builder:?}").contains("provided"), "{builder:?}");
    builder.build().unwrap().get_with_token(&get_with_token::Request::default()).await.expect("sent");
    let [request] = &received(&server).await[..] else { panic!("one request") };
    assert_eq!(header(request, "authorization"), Some("Bearer provided"));
}

#[test]
fn the_client_credentials_constructor_uses_the_spec_token_url() {
    use generated_requests::client::ClientCredentials;

    // `flows.clientCredentials.tokenUrl` of the `oauth` scheme, as a constant and in the provider.
    assert_eq!(generated_requests::security::OAUTH_TOKEN_URL, "https://api.example.com/token");
    let provider = ClientCredentials::for_oauth("app", "s3cret");
    let shown = format!("{provider:?}");
    assert!(shown.contains(r#"token_url: "https://api.example.com/token""#) && shown.contains(r#"client_id: "app""#), "{shown}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert_eq!(shown, format!("{:?}", ClientCredentials::new("https://api.example.com/token", "app", "s3cret")));
    let moved = format!("{:?}", provider.token_url("http://127.0.0.1:1/token"));
    assert!(moved.contains(r#"token_url: "http://127.0.0.1:1/token""#), "{moved}");
}

#[tokio::test]
async fn the_spec_client_credentials_provider_fetches_and_sends_a_token() {
    use generated_requests::client::ClientCredentials;
    use std::sync::atomic::AtomicUsize;
    use wiremock::matchers::{method, path};

    let server = MockServer::start().await;
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST")).and(path("/token")).respond_with(TokenEndpoint { hits, lifetime: 3600 }).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    // The spec's URL is not on loopback: the test moves it, keeping the rest.
    let provider = ClientCredentials::for_oauth("app", "secret").scopes(["read"]).token_url(format!("{}/token", server.uri()));
    let client = Client::builder().base_url(server.uri()).oauth_provider(provider).build().unwrap();
    client.get_with_token(&get_with_token::Request::default()).await.expect("sent");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(std::str::from_utf8(&requests[0].body).unwrap(), "grant_type=client_credentials&scope=read");
    assert_eq!(header(&requests[0], "authorization"), Some("Basic YXBwOnNlY3JldA=="));
    assert_eq!(header(&requests[1], "authorization"), Some("Bearer token-1"));
}
