//! `servers`: each URL template with its variables, each listed value of a
//! variable named for the enum the generated crate gives it.

use super::operations::placeholders;
use super::{env_extension, Lowerer};
use crate::ir::*;
use crate::naming::{pascal_name, snake_name, Scope};
use crate::parse::escape_token;

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
                let values = var
                    .enumeration
                    .iter()
                    .map(|v| EnumValue { wire: v.clone(), rust_name: value_scope.claim(pascal_name(v)), docs: None })
                    .collect();
                let pointer = format!("/servers/{i}/variables/{}", escape_token(name));
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
