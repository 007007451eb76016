//! What an example looks like: `examples/<operation>.rs`, a program that
//! builds the client from the environment, takes the required parameters
//! from its arguments (and the body from the spec's example, or from
//! standard input), calls the operation and prints the typed response.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, inner_docs};
use crate::ir::{Api, BodyKind, BodyMedia, Operation, PartKind, TypeRef};

/// The features an operation's example needs: the client, its first tag's
/// (any one compiles it), and `unstable` for a preview.
pub(crate) fn features(op: &Operation) -> Vec<&str> {
    let mut features = vec!["client"];
    features.extend(op.features.first().map(String::as_str));
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
    // The body the example sends: the first media type's, when required.
    let body_media = op.body.as_ref().filter(|b| b.required).and_then(|b| b.media.first());
    let mut arg_names: Vec<String> = required.iter().map(|p| format!("<{}>", p.wire_name)).collect();
    if let Some(BodyKind::Multipart(m)) = body_media.map(|m| &m.kind) {
        arg_names.extend(m.parts.iter().filter(|p| p.required).map(|p| match p.kind {
            PartKind::File => format!("<{} file>", p.wire_name),
            _ => format!("<{}>", p.wire_name),
        }));
    }
    let usage = format!("usage: {}{}", op.rust_name, arg_names.iter().map(|a| format!(" {a}")).collect::<String>());
    let mut env: Vec<String> = api.servers.first().map(|s| s.variables.iter().filter_map(|v| v.env.clone()).collect()).unwrap_or_default();
    env.extend(api.security_schemes.iter().filter_map(|s| s.env.clone()));
    let body_note = match body_media.map(|m| (&m.kind, &m.example)) {
        Some((BodyKind::Json(_) | BodyKind::Form(_), Some(_))) => "\n\nThe body is the spec's example.",
        Some((BodyKind::Multipart(_), _)) => "\n\nThe body's required parts come from the arguments too (a file part from the file named).",
        Some(_) => "\n\nThe body is read from standard input.",
        None => "",
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
        arg_names.iter().map(|a| format!(" {a}")).collect::<String>(),
    );
    let module_doc = inner_docs(&doc);

    // Each argument is read where `Request::new` takes it: a local named
    // after a parameter could be one of the program's own (`args`, `client`).
    let mut args = Vec::new();
    for p in &required {
        let missing = format!("missing <{}>; {usage}", p.wire_name);
        let arg = quote! { args.next().ok_or(#missing)? };
        args.push(match &p.ty {
            // JSON (`[1,2]`, `{"a":1}`, `3`), or else the text as a JSON string.
            _ if p.via_serde => quote! {{
                let arg = #arg;
                serde_json::from_str(&arg).or_else(|_| serde_json::from_value(serde_json::Value::String(arg)))?
            }},
            TypeRef::String => arg,
            TypeRef::Array(item) if **item == TypeRef::String => quote! { #arg.split(',').map(str::to_owned).collect() },
            TypeRef::Array(_) => quote! { #arg.split(',').map(str::parse).collect::<::std::result::Result<_, _>>()? },
            _ => quote! { #arg.parse()? },
        });
    }
    if let Some(media) = body_media {
        let path = quote! { #krate::operations::#module };
        let read = body_read(media, &krate, &path, &usage);
        args.push(match op.body.as_ref().filter(|b| b.is_choice()) {
            Some(_) => {
                let variant = ident(&media.variant);
                quote! { #path::Body::#variant(#read) }
            }
            None => read,
        });
    }
    let constructor = if args.is_empty() {
        quote! { Request::default() }
    } else {
        quote! { Request::new( #( #args ),* ) }
    };
    // The operation is deprecated; its example still shows how to call it.
    let allow_deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let args_binding = (!arg_names.is_empty()).then(|| quote! { let mut args = std::env::args().skip(1); });
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

/// The expression that makes the body of one media type: the spec's
/// example, standard input, or for multipart the arguments (`module` is the
/// operation's module).
fn body_read(media: &BodyMedia, krate: &proc_macro2::Ident, module: &TokenStream, usage: &str) -> TokenStream {
    let stdin_bytes = quote! {{
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        bytes
    }};
    match (&media.kind, &media.example) {
        (BodyKind::Json(_) | BodyKind::Form(_), Some(example)) => {
            let text = serde_json::to_string(example).unwrap_or_default();
            quote! { serde_json::from_str(#text)? }
        }
        (BodyKind::Json(_) | BodyKind::Form(_), None) => quote! { serde_json::from_reader(std::io::stdin())? },
        (BodyKind::Text, _) => quote! { std::io::read_to_string(std::io::stdin())? },
        (BodyKind::Bytes, _) => stdin_bytes,
        (BodyKind::AnyBytes, _) => quote! { #krate::runtime::File::new(#stdin_bytes) },
        (BodyKind::Multipart(m), _) => {
            let parts = m.parts.iter().filter(|p| p.required).map(|part| {
                let missing = format!("missing <{}>; {usage}", part.wire_name);
                let arg = quote! { args.next().ok_or(#missing)? };
                let one = match &part.kind {
                    PartKind::File => quote! {{
                        let arg = #arg;
                        #krate::runtime::File::new(std::fs::read(&arg)?).with_filename(arg)
                    }},
                    PartKind::Text(TypeRef::String) => arg,
                    PartKind::Text(_) => quote! { #arg.parse()? },
                    PartKind::Json(_) => quote! { serde_json::from_str(&#arg)? },
                };
                if part.repeated {
                    quote! { vec![#one] }
                } else {
                    one
                }
            });
            let name = ident(&m.rust_name);
            quote! { #module::#name::new( #( #parts ),* ) }
        }
    }
}
