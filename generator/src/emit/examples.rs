//! What an example looks like: `examples/<operation>.rs`, a program that
//! builds the client from the environment, takes the required parameters
//! from its arguments (and the body from the spec's example, or from
//! standard input), calls the operation and prints the typed response.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, inner_docs};
use crate::ir::{Api, BodyEncoding, Operation, TypeRef};

/// The features an operation's example needs.
pub(crate) fn features(op: &Operation) -> Vec<&'static str> {
    let mut features = vec!["client"];
    if op.unstable.is_some() {
        features.push("unstable");
    }
    features
}

/// `examples/<operation>.rs`.
pub(crate) fn example(api: &Api, op: &Operation, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let module = ident(&op.rust_name);
    let method = ident(&op.client_method);
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let usage = format!(
        "usage: {}{}",
        op.rust_name,
        required.iter().map(|p| format!(" <{}>", p.wire_name)).collect::<String>()
    );
    let mut env: Vec<String> = api.servers.first().map(|s| s.variables.iter().filter_map(|v| v.env.clone()).collect()).unwrap_or_default();
    env.extend(api.security_schemes.iter().map(|s| s.env.clone()));
    let body_note = match &op.body {
        Some(b) if b.required && b.example.is_some() => "\n\nThe body is the spec's example.",
        Some(b) if b.required => "\n\nThe body is read from standard input.",
        _ => "",
    };
    let args_note = if required.iter().any(|p| matches!(p.ty, TypeRef::Array(_))) { " (lists comma-separated)" } else { "" };
    let doc = format!(
        "`{} {}`{}\n\nRun it with {} set:\n\n```sh\ncargo run -p {crate_name} --example {} --features {} --{}\n```\n\nThe required parameters come from the arguments{args_note}.{body_note}",
        op.method,
        op.path,
        op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default(),
        if env.is_empty() { "nothing".to_owned() } else { env.join(", ") },
        op.rust_name,
        features(op).join(","),
        required.iter().map(|p| format!(" <{}>", p.wire_name)).collect::<String>(),
    );
    let module_doc = inner_docs(&doc);

    // Each argument is read where `Request::new` takes it: a local named
    // after a parameter could be one of the program's own (`args`, `client`).
    let mut args = Vec::new();
    for p in &required {
        let missing = format!("missing <{}>; {usage}", p.wire_name);
        let arg = quote! { args.next().ok_or(#missing)? };
        args.push(match &p.ty {
            TypeRef::String => arg,
            TypeRef::Array(item) if **item == TypeRef::String => quote! { #arg.split(',').map(str::to_owned).collect() },
            TypeRef::Array(_) => quote! { #arg.split(',').map(str::parse).collect::<::std::result::Result<_, _>>()? },
            _ => quote! { #arg.parse()? },
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(match (body.encoding, &body.example) {
            (BodyEncoding::Json, Some(example)) => {
                let text = serde_json::to_string(example).unwrap_or_default();
                quote! { serde_json::from_str(#text)? }
            }
            (BodyEncoding::Json, None) => quote! { serde_json::from_reader(std::io::stdin())? },
            (BodyEncoding::Text, _) => quote! { std::io::read_to_string(std::io::stdin())? },
            (BodyEncoding::Bytes, _) => quote! {{
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
                bytes
            }},
        });
    }
    let constructor = if args.is_empty() {
        quote! { Request::default() }
    } else {
        quote! { Request::new( #( #args ),* ) }
    };
    // The operation is deprecated; its example still shows how to call it.
    let allow_deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let args_binding = (!required.is_empty()).then(|| quote! { let mut args = std::env::args().skip(1); });
    quote! {
        #module_doc

        use #krate::client::Client;
        use #krate::operations::#module::Request;

        #[tokio::main(flavor = "current_thread")]
        #allow_deprecated
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #args_binding
            let request = #constructor;
            let client = Client::from_env()?;
            let response = client.#method(&request).await?;
            println!("{response:#?}");
            Ok(())
        }
    }
}
