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
                OaScheme::OAuth2 { description, extensions, .. } | OaScheme::OpenIDConnect { description, extensions, .. } => {
                    (SentAs::Bearer, description, extensions)
                }
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
            self.security_schemes.push(SecurityScheme {
                key: key.clone(),
                constant: rust_name.to_ascii_uppercase(),
                setter,
                provider_setter,
                sent_as,
                description: description.clone(),
                env,
            })
        }
        self.builder_scope = setters;
    }
}
