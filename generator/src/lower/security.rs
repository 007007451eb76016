//! `components.securitySchemes`: the API keys sent in a header, which the
//! generated client applies; other kinds are named in a warning.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as OaScheme};

use super::{env_extension, Lowerer};
use crate::ir::*;
use crate::naming::{snake_name, Scope};
use crate::parse::escape_token;

impl Lowerer<'_> {
    pub(super) fn lower_security_schemes(&mut self) {
        let Some(components) = &self.doc.components else { return };
        let mut scope = Scope::new();
        for (key, scheme) in &components.security_schemes {
            match scheme {
                ReferenceOr::Item(OaScheme::APIKey { location: APIKeyLocation::Header, name, description, extensions }) => {
                    self.security_schemes.push(SecurityScheme {
                        key: key.clone(),
                        rust_name: scope.claim(snake_name(key)),
                        header: name.clone(),
                        description: description.clone(),
                        env: env_extension(extensions),
                    })
                }
                _ => self.warn(
                    &format!("/components/securitySchemes/{}", escape_token(key)),
                    format!("security scheme `{key}` is not an API key in a header; the generated code does not apply it"),
                    Some("add its credentials to requests yourself"),
                ),
            }
        }
    }
}
