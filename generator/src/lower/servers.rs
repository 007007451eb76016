//! `servers`: each URL template with its variables, each listed value of a
//! variable named for the enum the generated crate gives it.

use super::operations::placeholders;
use super::{env_extension, Lowerer};
use crate::ir::*;
use crate::naming::{pascal_name, snake_name, Scope};
use crate::source::escape_token;

impl Lowerer<'_> {
    pub(super) fn lower_servers(&mut self) {
        for (i, server) in self.doc.servers.iter().enumerate() {
            let mut variables = Vec::new();
            let mut scope = Scope::new();
            // The client is built on the first server: its variables are
            // the builder's; the others' need only be told apart.
            let mut fields = if i == 0 { std::mem::take(&mut self.builder_scope) } else { Scope::new() };
            for (name, var) in server.variables.iter().flatten() {
                let mut value_scope = Scope::new();
                let pointer = format!("/servers/{i}/variables/{}", escape_token(name));
                let mut values: Vec<EnumValue> = Vec::new();
                for (j, v) in var.enumeration.iter().enumerate() {
                    // A value listed twice would be two variants for one
                    // string (Datadog's v1 lists `uk1.datadoghq.com` twice).
                    if values.iter().any(|known| known.wire == *v) {
                        let message = format!("server variable `{name}`: value `{v}` is listed twice; the second is ignored");
                        self.warn(&format!("{pointer}/enum/{j}"), message, None);
                        continue;
                    }
                    values.push(EnumValue { wire: v.clone(), rust_name: value_scope.claim(pascal_name(v)), docs: None });
                }
                let field = self.claim(&mut fields, snake_name(name), &pointer, &format!("server variable `{name}`"));
                variables.push(ServerVariable {
                    name: name.clone(),
                    rust_name: scope.claim(pascal_name(name)),
                    field,
                    default: var.default.clone(),
                    values,
                    description: var.description.clone(),
                    env: env_extension(&var.extensions),
                });
            }
            for cap in placeholders(&server.url) {
                if !variables.iter().any(|v| v.name == cap) {
                    self.error(&format!("/servers/{i}/url"), format!("server URL uses `{{{cap}}}`, which has no entry in `variables`"));
                }
            }
            if i == 0 {
                self.builder_scope = fields;
            }
            self.servers.push(Server { url: server.url.clone(), description: server.description.clone(), variables });
        }
    }
}
