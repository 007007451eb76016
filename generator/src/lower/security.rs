//! `components.securitySchemes`: the API keys sent in a header, which the
//! generated client applies; other kinds are named in a warning.

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
            match scheme {
                ReferenceOr::Item(OaScheme::APIKey { location: APIKeyLocation::Header, name, description, extensions }) => {
                    let rust_name = scope.claim(snake_name(key));
                    // `apiKeyAuth` is set with `.api_key(..)`.
                    let setter = match rust_name.strip_suffix("_auth") {
                        Some(short) if !short.is_empty() && !short.ends_with('_') => snake_name(short),
                        _ => rust_name.clone(),
                    };
                    let setter = self.claim(&mut setters, setter, &pointer, &format!("the setter of security scheme `{key}`"));
                    self.security_schemes.push(SecurityScheme {
                        key: key.clone(),
                        constant: rust_name.to_ascii_uppercase(),
                        setter,
                        header: name.clone(),
                        description: description.clone(),
                        env: env_extension(extensions).unwrap_or_else(|| name.to_ascii_uppercase().replace(['-', ' ', '.'], "_")),
                    })
                }
                _ => self.warn(
                    &pointer,
                    format!("security scheme `{key}` is not an API key in a header; the generated code does not apply it"),
                    Some("add its credentials to requests yourself"),
                ),
            }
        }
        self.builder_scope = setters;
    }
}
