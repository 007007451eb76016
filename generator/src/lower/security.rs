//! `components.securitySchemes`: how each scheme's credential is sent (an
//! API key in a header, the query or a cookie; a bearer token for `http`
//! `bearer`, `oauth2` and `openIdConnect`; `http` `basic`), the builder
//! setter and environment variable that provide it. Other `http` schemes
//! (`digest`, ...) are named in a warning.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as OaScheme};

use super::{env_extension, Lowerer};
use crate::ir::*;
use crate::naming::{snake_name, Scope};
use crate::source::escape_token;

impl Lowerer<'_> {
    pub(super) fn lower_security_schemes(&mut self) {
        let Some(components) = &self.doc.components else { return };
        let mut scope = Scope::new();
        let mut setters = std::mem::take(&mut self.builder_scope);
        for (key, scheme) in &components.security_schemes {
            let pointer = format!("/components/securitySchemes/{}", escape_token(key));
            let ReferenceOr::Item(scheme) = scheme else {
                self.warn(
                    &pointer,
                    format!("security scheme `{key}` is a `$ref`; the generated code does not apply it"),
                    Some("define the scheme in place"),
                );
                continue;
            };
            let mut flow = None;
            let (sent_as, description, extensions) = match scheme {
                OaScheme::APIKey { location, name, description, extensions } => {
                    let sent_as = match location {
                        APIKeyLocation::Header => SentAs::Header(name.clone()),
                        APIKeyLocation::Query => SentAs::Query(name.clone()),
                        APIKeyLocation::Cookie => SentAs::Cookie(name.clone()),
                    };
                    (sent_as, description, extensions)
                }
                OaScheme::HTTP { scheme, description, extensions, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (SentAs::Bearer, description, extensions)
                }
                OaScheme::HTTP { scheme, description, extensions, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (SentAs::Basic, description, extensions)
                }
                OaScheme::OAuth2 { description, extensions, flows } => {
                    flow = flows.client_credentials.as_ref();
                    (SentAs::Bearer, description, extensions)
                }
                OaScheme::OpenIDConnect { description, extensions, .. } => (SentAs::Bearer, description, extensions),
                OaScheme::HTTP { scheme, .. } => {
                    self.warn(
                        &pointer,
                        format!("security scheme `{key}` is HTTP `{scheme}` authentication, which the generated code does not apply (only `bearer` and `basic`)"),
                        Some("add its credentials to requests yourself"),
                    );
                    continue;
                }
            };
            let rust_name = scope.claim(snake_name(key));
            // `apiKeyAuth` is set with `.api_key(..)`, `bearerAuth` with `.bearer(..)`.
            let setter = match rust_name.strip_suffix("_auth") {
                Some(short) if !short.is_empty() && !short.ends_with('_') => snake_name(short),
                _ => rust_name.clone(),
            };
            let setter = self.claim(&mut setters, setter, &pointer, &format!("the setter of security scheme `{key}`"));
            let provider_setter = (sent_as == SentAs::Bearer).then(|| {
                let name = format!("{setter}_provider");
                self.claim(&mut setters, name, &pointer, &format!("the token provider setter of security scheme `{key}`"))
            });
            let env = env_extension(extensions).or_else(|| match &sent_as {
                SentAs::Header(name) | SentAs::Query(name) | SentAs::Cookie(name) => {
                    Some(name.to_ascii_uppercase().replace(['-', ' ', '.'], "_"))
                }
                SentAs::Bearer | SentAs::Basic => None,
            });
            // A user name and password are two values: no one variable holds them.
            let env = env.filter(|_| sent_as != SentAs::Basic);
            let client_credentials = flow.and_then(|flow| {
                let Some(token_url) = self.token_url(&flow.token_url) else {
                    self.warn(
                        &format!("{pointer}/flows/clientCredentials/tokenUrl"),
                        format!("security scheme `{key}`: the token URL `{}` is relative and there is no absolute server URL to resolve it against; `ClientCredentials` gets no constructor for it", flow.token_url),
                        Some("give the token URL to `ClientCredentials::new`"),
                    );
                    return None;
                };
                Some(ClientCredentialsFlow {
                    token_url,
                    constant: scope.claim(format!("{rust_name}_token_url")).to_ascii_uppercase(),
                    constructor: format!("for_{setter}"),
                    scopes: flow.scopes.keys().cloned().collect(),
                })
            });
            self.security_schemes.push(SecurityScheme {
                key: key.clone(),
                constant: rust_name.to_ascii_uppercase(),
                setter,
                provider_setter,
                sent_as,
                client_credentials,
                description: description.clone(),
                env,
            })
        }
        self.builder_scope = setters;
    }

    /// A flow's `tokenUrl` as an absolute URL: as it is, or resolved (RFC
    /// 3986, 5.2) against the first server's URL with its variables'
    /// defaults; `None` when neither is absolute.
    fn token_url(&self, url: &str) -> Option<String> {
        if has_scheme(url) {
            return Some(url.to_owned());
        }
        let server = self.servers.first()?;
        let mut base = server.url.clone();
        for var in &server.variables {
            base = base.replace(&format!("{{{}}}", var.name), &var.default);
        }
        resolve(url, &base)
    }
}

/// `url`, a relative reference, resolved against `base` (RFC 3986, 5.2);
/// `None` when `base` is not absolute.
fn resolve(url: &str, base: &str) -> Option<String> {
    if !has_scheme(base) {
        return None;
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(network) = url.strip_prefix("//") {
        return Some(format!("{scheme}://{network}"));
    }
    let (authority, base_path) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
    let base_path = base_path.split(['?', '#']).next().unwrap_or("/");
    let path = if url.starts_with('/') {
        url.to_owned()
    } else {
        // The base's path up to its last `/`, then the reference.
        format!("{}{url}", &base_path[..=base_path.rfind('/').unwrap_or(0)])
    };
    Some(format!("{scheme}://{authority}{}", remove_dot_segments(&path)))
}

/// Whether a URL starts with a scheme (`https:`).
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A path without its `.` and `..` segments (RFC 3986, 5.2.4), its query
/// kept.
fn remove_dot_segments(path: &str) -> String {
    let (path, query) = path.find(['?', '#']).map_or((path, ""), |i| path.split_at(i));
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." if last => out.push(""),
            "." => {}
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}{query}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_token_urls_resolve_against_the_server() {
        let cases = [
            ("/oauth/token", "https://api.example.com/v1", "https://api.example.com/oauth/token"),
            ("oauth/token", "https://api.example.com/v1", "https://api.example.com/oauth/token"),
            ("oauth/token", "https://api.example.com/v1/", "https://api.example.com/v1/oauth/token"),
            ("../token", "https://api.example.com/v1/x/", "https://api.example.com/v1/token"),
            ("./token?x=1", "https://api.example.com", "https://api.example.com/token?x=1"),
            ("//auth.example.com/token", "https://api.example.com", "https://auth.example.com/token"),
        ];
        for (url, base, expected) in cases {
            assert_eq!(resolve(url, base).as_deref(), Some(expected), "{url} against {base}");
        }
        assert_eq!(resolve("/token", "/v1"), None, "a relative server URL resolves nothing");
    }
}
