//! The items of an operation's `Request` that are written as text
//! ([`Splices`](crate::emit::splice::Splices)), laid out as prettyplease
//! lays out what `request.rs` builds as tokens: the struct, the constants,
//! `new`, the setters, an empty `validate`, and for the plainest
//! operations `path_and_query` and `to_http_request`. Each gives up
//! (`None`) where a line could come out otherwise; the tests in `mod.rs`
//! compare them with prettyplease's output for every operation.

use crate::emit::format::str_literal;
use crate::emit::ident;
use crate::emit::layout::{braced, doc_comment, indent, line, line_within, type_text, MARGIN};
use crate::ir::{Api, Body, BodyKind, Operation, ParamLocation, PathSegment, TypeRef};

/// The type of the request's body field (without the `Option` of an
/// optional body), as [`super::body::body_type`] writes it.
fn body_type_text(body: &Body) -> Option<String> {
    if body.is_binary() {
        return Some("crate::runtime::BinaryBody".into());
    }
    let [media] = body.media.as_slice() else { return Some("Body".into()) };
    Some(match &media.kind {
        BodyKind::Json(ty) => type_text(ty)?,
        BodyKind::Form(form) => type_text(&form.ty)?,
        BodyKind::Text => "::std::string::String".into(),
        BodyKind::Bytes => "::std::vec::Vec<u8>".into(),
        BodyKind::AnyBytes => "crate::runtime::File".into(),
        BodyKind::Multipart(m) => ident(&m.rust_name).to_string(),
    })
}

/// `pub struct Request`, at module level.
pub(super) fn request_struct(op: &Operation) -> Option<String> {
    let mut fields = String::new();
    let mut required = false;
    for p in &op.params {
        doc_comment(&mut fields, indent(2), &super::request::param_docs(p));
        let ty = type_text(&p.ty)?;
        let name = ident(&p.rust_name);
        if p.required {
            required = true;
            line_within(&mut fields, MARGIN, format_args!("        pub {name}: {ty},"))?;
        } else {
            line_within(&mut fields, MARGIN, format_args!("        pub {name}: ::std::option::Option<{ty}>,"))?;
        }
    }
    if let Some(body) = &op.body {
        doc_comment(&mut fields, indent(2), body.docs.as_deref().unwrap_or("The request body."));
        let ty = body_type_text(body)?;
        if body.required {
            required = true;
            line_within(&mut fields, MARGIN, format_args!("        pub body: {ty},"))?;
        } else {
            line_within(&mut fields, MARGIN, format_args!("        pub body: ::std::option::Option<{ty}>,"))?;
        }
    }
    let mut out = String::from("    /// The request: path, query and header parameters, and body.\n");
    out.push_str(if required { "    #[derive(Clone, Debug, PartialEq)]\n" } else { "    #[derive(Clone, Debug, Default, PartialEq)]\n" });
    braced(&mut out, indent(1), "pub struct Request", &fields, "");
    Some(out)
}

/// `METHOD`, `PATH`, `OPERATION_ID` and `SECURITY`, in `impl Request`.
pub(super) fn constants(api: &Api, op: &Operation) -> Option<String> {
    let mut out = String::with_capacity(1024);
    doc_comment(&mut out, indent(2), &format!("`{}`.", op.method));
    out.push_str(&format!("        pub const METHOD: ::http::Method = ::http::Method::{};\n", ident(op.method.as_str())));
    doc_comment(&mut out, indent(2), &format!("`{}`, the path template.", op.path));
    out.push_str(&format!("        pub const PATH: &'static str = {};\n", str_literal(&op.path)));
    doc_comment(&mut out, indent(2), &format!("`{}`.", op.operation_id));
    out.push_str(&format!("        pub const OPERATION_ID: &'static str = {};\n", str_literal(&op.operation_id)));
    out.push_str(SECURITY_DOCS);
    let requirements: Vec<String> = op
        .security
        .iter()
        .map(|requirement| {
            let schemes: Vec<String> = api
                .security_schemes
                .iter()
                .filter(|s| requirement.contains(&s.key))
                .map(|s| format!("crate::security::{}", ident(&s.constant)))
                .collect();
            format!("&[{}]", schemes.join(", "))
        })
        .collect();
    // Whole, the line is 79 columns (no requirement), 83 (one empty one),
    // 88 (two) or at least 100 (a scheme): the margin's last column never
    // decides.
    let head = "        pub const SECURITY: &'static [&'static [crate::runtime::Scheme]] = &[";
    let whole = format!("{head}{}];", requirements.join(", "));
    if whole.len() <= MARGIN {
        out.push_str(&whole);
        out.push('\n');
    } else {
        out.push_str(head);
        out.push('\n');
        for requirement in &requirements {
            line(&mut out, format_args!("            {requirement},"))?;
        }
        out.push_str("        ];\n");
    }
    Some(out)
}

/// The docs of `SECURITY`.
const SECURITY_DOCS: &str = "        /// The spec's `security` here: alternatives, each the schemes it
        /// needs (an empty one: credentials are optional). The client sends
        /// the credentials of the first one it has all of (see
        /// [`choose_requirement`](crate::runtime::choose_requirement)), and no
        /// other; [`to_http_request`](Self::to_http_request) adds none.
";

/// A function's signature in `impl Request`: on one line when it fits in
/// the margin, else an argument per line (a [`call`] at the methods' depth).
fn signature(out: &mut String, head: &str, args: &[String], tail: &str) -> Option<()> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    call(out, 2, head, &args, tail)
}

/// `new`, with the required parameters and body; `None` for a request
/// without any (it derives `Default`).
pub(super) fn constructor(op: &Operation) -> Option<String> {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        if !p.required {
            inits.push(format!("{name}: ::std::option::Option::None"));
        } else if p.ty == TypeRef::String {
            args.push(format!("{name}: impl ::std::convert::Into<::std::string::String>"));
            inits.push(format!("{name}: {name}.into()"));
        } else {
            args.push(format!("{name}: {}", type_text(&p.ty)?));
            inits.push(name.to_string());
        }
    }
    if let Some(body) = &op.body {
        let ty = body_type_text(body)?;
        if !body.required {
            inits.push("body: ::std::option::Option::None".into());
        } else if body.is_binary() {
            args.push(format!("body: impl ::std::convert::Into<{ty}>"));
            inits.push("body: body.into()".into());
        } else {
            args.push(format!("body: {ty}"));
            inits.push("body".into());
        }
    }
    if args.is_empty() {
        return None;
    }
    let mut out = String::from("        /// A request with its required parameters; optional ones start unset.\n");
    if args.len() > 7 {
        out.push_str("        #[allow(clippy::too_many_arguments)]\n");
    }
    signature(&mut out, "pub fn new", &args, " -> Self {")?;
    let literal = format!("Self {{ {} }}", inits.join(", "));
    if literal.len() <= crate::emit::layout::SHORT_LITERAL {
        line(&mut out, format_args!("            {literal}"))?;
    } else {
        out.push_str("            Self {\n");
        for init in &inits {
            line(&mut out, format_args!("                {init},"))?;
        }
        out.push_str("            }\n");
    }
    out.push_str("        }\n");
    Some(out)
}

/// The setters of the optional parameters and body.
pub(super) fn setters(op: &Operation) -> Option<String> {
    let mut out = String::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let name = ident(&p.rust_name);
        doc_comment(&mut out, indent(2), &format!("Sets `{}`.", p.wire_name));
        signature(&mut out, &format!("pub fn {name}"), &["mut self".into(), format!("{name}: {}", type_text(&p.ty)?)], " -> Self {")?;
        line(&mut out, format_args!("            self.{name} = ::std::option::Option::Some({name});\n            self\n        }}"))?;
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = body_type_text(body)?;
        let (arg, value) = if body.is_binary() { (format!("impl ::std::convert::Into<{ty}>"), "body.into()") } else { (ty, "body") };
        out.push_str("        /// Sets the request body.\n");
        signature(&mut out, "pub fn body", &["mut self".into(), format!("body: {arg}")], " -> Self {")?;
        line(&mut out, format_args!("            self.body = ::std::option::Option::Some({value});\n            self\n        }}"))?;
    }
    Some(out)
}

/// `validate` of a request with nothing to check.
pub(super) const EMPTY_VALIDATE: &str = "        /// Checks the parameters and the body against the spec's
        /// constraints (`minItems`, `minimum`, ...). The error names the
        /// first value that breaks one: a parameter by its wire name, a
        /// body value by its path under `body`.
        pub fn validate(
            &self,
        ) -> ::std::result::Result<(), crate::validate::ValidationError> {
            ::std::result::Result::Ok(())
        }
";

/// A call statement at `depth` (`head(args)tail`): on one line when it
/// fits in the margin, else an argument per line.
fn call(out: &mut String, depth: usize, head: &str, args: &[&str], tail: &str) -> Option<()> {
    let at = indent(depth);
    let whole = format!("{at}{head}({}){tail}", args.join(", "));
    if whole.len() <= MARGIN {
        out.push_str(&whole);
        out.push('\n');
        return Some(());
    }
    out.push_str(&format!("{at}{head}(\n"));
    for arg in args {
        line(out, format_args!("{}{arg},", indent(depth + 1)))?;
    }
    line(out, format_args!("{at}){tail}"))
}

/// `path_and_query`, for an operation whose path and query parameters are
/// plain values or arrays of them (none through serde).
pub(super) fn path_and_query(op: &Operation) -> Option<String> {
    let mut out = String::from(PATH_AND_QUERY_HEAD);
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(literal) => {
                let mut chars = literal.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        let c = proc_macro2::Literal::character(c).to_string();
                        line(&mut out, format_args!("            out.push({c});"))?;
                    }
                    _ => line(&mut out, format_args!("            out.push_str({});", str_literal(literal)))?,
                }
            }
            PathSegment::Param { wire_name, rust_name } => {
                if op.params.iter().any(|p| p.rust_name == *rust_name && p.via_serde) {
                    return None;
                }
                let (wire, field) = (str_literal(wire_name), format!("&self.{}", ident(rust_name)));
                call(&mut out, 3, "crate::runtime::push_path_param", &["&mut out", &wire, &field], "?;")?;
            }
        }
    }
    let query: Vec<_> = op.params.iter().filter(|p| p.location == ParamLocation::Query).collect();
    if !query.is_empty() {
        out.push_str("            let mut query = crate::runtime::Query::new(&mut out);\n");
    }
    for p in query {
        if p.via_serde {
            return None;
        }
        let (wire, name) = (str_literal(&p.wire_name), ident(&p.rust_name));
        let (depth, value) = if p.required {
            (3, format!("&self.{name}"))
        } else {
            line_within(&mut out, MARGIN, format_args!("            if let ::std::option::Option::Some(value) = &self.{name} {{"))?;
            (4, "value".to_owned())
        };
        match (&p.ty, p.explode) {
            // An array: a pair per item, or one pair joined with commas.
            (TypeRef::Array(_), true) => {
                line(&mut out, format_args!("{}for item in {value} {{", indent(depth)))?;
                call(&mut out, depth + 1, "query.push", &[&wire, "item"], ";")?;
                out.push_str(indent(depth));
                out.push_str("}\n");
            }
            (TypeRef::Array(_), false) => call(&mut out, depth, "query.push_joined", &[&wire, &value], ";")?,
            _ => call(&mut out, depth, "query.push", &[&wire, &value], ";")?,
        }
        if !p.required {
            out.push_str("            }\n");
        }
    }
    out.push_str("            ::std::result::Result::Ok(out)\n        }\n");
    Some(out)
}

/// [`path_and_query`] up to the path.
const PATH_AND_QUERY_HEAD: &str = "        /// The path and query string, every parameter percent-encoded.
        ///
        /// Fails when a path parameter is empty, `.` or `..`, which no
        /// encoding can keep from changing the path.
        pub fn path_and_query(
            &self,
        ) -> ::std::result::Result<::std::string::String, crate::runtime::RequestError> {
            let mut out = ::std::string::String::with_capacity(Self::PATH.len() + 32);
";

/// `to_http_request`, for an operation without header or cookie
/// parameters and without a body, or with a JSON one.
pub(super) fn to_http_request(op: &Operation) -> Option<String> {
    if op.params.iter().any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie)) {
        return None;
    }
    let json = match &op.body {
        None => false,
        Some(body) => match body.media.as_slice() {
            [media] if matches!(media.kind, BodyKind::Json(_)) && body.required && !body.is_binary() => {
                if media.content_type != "application/json" {
                    return None;
                }
                true
            }
            _ => return None,
        },
    };
    let mut out = String::from(TO_HTTP_REQUEST_HEAD);
    out.push_str(if json {
        "            let mut builder = ::http::Request::builder()\n"
    } else {
        "            let builder = ::http::Request::builder()\n"
    });
    out.push_str("                .method(Self::METHOD)\n                .uri(uri)\n");
    line(&mut out, format_args!("                .header(::http::header::ACCEPT, {});", str_literal(&op.accept)))?;
    out.push_str(if json { JSON_BODY } else { "            let body = ::std::vec::Vec::new();\n" });
    out.push_str("            builder.body(body).map_err(crate::runtime::RequestError::Http)\n        }\n");
    Some(out)
}

/// [`to_http_request`] up to the builder.
const TO_HTTP_REQUEST_HEAD: &str = "        /// The `http::Request` for the server at `base_url` (for example
        /// [`crate::servers::DEFAULT_BASE_URL`]). Credentials are not added.
        pub fn to_http_request(
            &self,
            base_url: &str,
        ) -> ::std::result::Result<
            ::http::Request<::std::vec::Vec<u8>>,
            crate::runtime::RequestError,
        > {
            let uri = crate::runtime::join_url(base_url, &self.path_and_query()?)?;
";

/// A required `application/json` body, in [`to_http_request`].
const JSON_BODY: &str = "            let body = {
                builder = builder
                    .header(::http::header::CONTENT_TYPE, \"application/json\");
                let body = &self.body;
                ::serde_json::to_vec(body).map_err(crate::runtime::RequestError::Body)?
            };
";
