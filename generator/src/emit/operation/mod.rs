//! What an operation looks like: a `Request` that builds an `http::Request`
//! and a `Response` enum with a variant per documented status.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

mod body;
mod request;
mod request_text;
mod response;
mod server;

use super::format::str_literal;
use super::layout;
use super::splice::Splices;
use super::{docs, ident};
use crate::ir::{Api, Operation};

/// What compiles an operation's module and client methods: its tags'
/// features (any one), and `unstable` for a preview operation.
pub(crate) fn operation_gate(op: &Operation) -> TokenStream {
    let tags = super::support::feature_gate(&op.features);
    let unstable =
        op.unstable.as_ref().map(|_| quote! { #[cfg(feature = "unstable")] #[cfg_attr(docsrs, doc(cfg(feature = "unstable")))] });
    quote! { #tags #unstable }
}

/// [`operation_gate`] as prettyplease prints it, at `depth`; `None` when
/// its line could break.
pub(crate) fn operation_gate_text(out: &mut String, depth: usize, op: &Operation) -> Option<()> {
    let at = layout::indent(depth);
    match op.features.as_slice() {
        [] => {}
        [one] => layout::line(out, format_args!("{at}#[cfg(feature = {})]", str_literal(one)))?,
        many => {
            let features: Vec<String> = many.iter().map(|f| format!("feature = {}", str_literal(f))).collect();
            layout::line(out, format_args!("{at}#[cfg(any({}))]", features.join(", ")))?;
        }
    }
    if op.unstable.is_some() {
        out.push_str(&format!("{at}#[cfg(feature = \"unstable\")]\n{at}#[cfg_attr(docsrs, doc(cfg(feature = \"unstable\")))]\n"));
    }
    Some(())
}

/// The module of one operation, with what compiles it; the items written
/// as text go into `splices`.
pub(crate) fn operation(api: &Api, op: &Operation, needs_validation: &BTreeSet<String>, splices: &mut Splices) -> TokenStream {
    let mut module_doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        module_doc.push_str(&format!(": {summary}"));
    }
    if let Some(description) = &op.description {
        module_doc.push_str(&format!("\n\n{description}"));
    }
    if let Some(note) = &op.unstable {
        module_doc.push_str("\n\n**Preview**: this operation is in preview and only exists with the `unstable` feature.");
        if !note.is_empty() {
            module_doc.push_str(&format!(" {note}"));
        }
    }
    module_doc.push_str(&format!("\n\nOperation ID: `{}`.", op.operation_id));
    let module_doc = docs(&module_doc);
    let request = request::request(api, op, needs_validation, splices);
    let response = response::response(op, splices);
    let body_items = op.body.as_ref().map(body::body_items);
    let server = server::server_impls(api, op, splices);
    let module = ident(&op.rust_name);
    let gate = operation_gate(op);
    // Its request and responses name the deprecated types they hold; only
    // users should see the warning.
    let allow = api.names_deprecated(op.type_refs()).then(|| quote! { #![allow(deprecated)] });
    quote! {
        #allow
        #module_doc
        #gate
        pub mod #module {
            #request
            #body_items
            #response
            #server
        }
    }
}

/// `src/operations/mod.rs`: the files that hold the operations' modules, by
/// the first letter of their names, each re-exported whole.
pub(crate) fn operations_mod(api: &Api) -> TokenStream {
    let mods = super::group_mods(api.operations.iter().map(|op| (op.rust_name.as_str(), !op.features.is_empty() || op.unstable.is_some())));
    quote! {
        //! One module per operation: a typed `Request` that builds an
        //! `http::Request`, and a typed `Response` read from an `http::Response`.
        //! Their files group them by the first letter of their names
        //! (`get_pet` is in `g.rs`).
        #mods
    }
}

#[cfg(test)]
mod tests {
    use super::{operation, server};
    use crate::emit::fixtures::{api, real_specs};
    use crate::emit::splice::assert_prints_alike;
    use crate::ir::Api;
    use crate::SourceFile;

    /// Writes each operation of `api` with its text items spliced in and
    /// with them printed from tokens, and compares them; returns how many
    /// items were written as text.
    fn compare(api: &Api, spec: &str) -> usize {
        let needs = api.needs_validation();
        api.operations
            .iter()
            .map(|op| assert_prints_alike(&format!("operation {} of {spec}", op.rust_name), |splices| operation(api, op, &needs, splices)))
            .sum()
    }

    /// Every operation of the real specs, its spliced items written as
    /// text, is what tokens and prettyplease write, byte for byte.
    #[test]
    fn operations_of_the_real_specs_are_what_prettyplease_prints() {
        let specs = real_specs();
        assert!(specs.iter().map(|(_, api)| api.operations.len()).sum::<usize>() > 500);
        let counts: Vec<(&str, usize)> = specs.iter().map(|(path, api)| (path.as_str(), compare(api, path))).collect();
        let spliced: usize = counts.iter().map(|(_, n)| n).sum();
        // `to_http_response` is text for every operation of them.
        for (path, api) in &specs {
            let text = api.operations.iter().filter(|op| server::to_http_response_text(op).is_some()).count();
            assert_eq!(text, api.operations.len(), "{path}: to_http_response is text for only {text} operations");
        }
        // Of an operation's eleven items that can be written as text, most:
        // 5,149 in the real specs (Datadog v1 9.4 per operation, Discord
        // 9.4), `from_http_parts` of 231 of Datadog v1's 235 operations and
        // 227 of Discord's 242 among them.
        assert!(spliced > 5_100, "only {spliced} items were written as text");
        // Discord's responses all document headers: 235 of its 242 are
        // written as text, with its 242 `serve`s and `to_http_response`s.
        let discord = counts.iter().find(|(path, _)| path.ends_with("discord.json")).map(|(_, n)| *n);
        assert!(discord >= Some(2 * 242 + 235), "only {discord:?} of Discord's items were written as text");
    }

    /// Operations with names, paths and parameters at the widths where
    /// prettyplease lays their items out otherwise, and responses of every
    /// kind: one status, a range and `default`, with JSON, text, bytes or
    /// no body, whose types' names sweep the margin.
    #[test]
    fn operations_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths:\n");
        let mut schemas = String::from("components:\n  schemas:\n");
        let kinds = [
            "\"200\": {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/MODEL'}}}}",
            "\"201\": {description: Made, content: {text/plain: {schema: {type: string}}}}\n        \"204\": {description: None}",
            "\"2XX\": {description: Fine, content: {application/json: {schema: {$ref: '#/components/schemas/MODEL'}}}}\n        \"404\": {description: Gone}",
            "\"200\": {description: Raw, content: {application/octet-stream: {schema: {type: string, format: binary}}}}\n        default: {description: Error, content: {application/json: {schema: {$ref: '#/components/schemas/MODEL'}}}}",
            "\"202\": {description: Later}\n        4XX: {description: Bad}\n        default: {description: Other}",
            "default: {description: Anything, content: {application/json: {schema: {$ref: '#/components/schemas/MODEL'}}}}",
        ];
        for i in 0..60 {
            let name = format!("op{}", "x".repeat(i));
            let model = format!("M{}", "y".repeat(i));
            schemas.push_str(&format!("    {model}: {{type: object, properties: {{a: {{type: string}}}}}}\n"));
            let responses = kinds[i % kinds.len()].replace("MODEL", &model);
            spec.push_str(&format!(
                "  /p{i}/{{id}}:\n    get:\n      operationId: {name}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        {responses}\n"
            ));
        }
        // Arms whose length sweeps the margin: the statuses' variant names
        // run from 2 to 29 characters, with JSON and event-stream bodies.
        let codes = [
            200, 201, 202, 203, 206, 207, 226, 300, 400, 401, 402, 405, 406, 407, 408, 409, 412, 415, 416, 417, 421, 422, 428, 429, 431,
            451, 500, 501, 505, 506, 508, 511,
        ];
        for (media, path) in [("application/json", "json"), ("text/event-stream", "events")] {
            spec.push_str(&format!("  /{path}:\n    get:\n      operationId: many_{path}\n      responses:\n"));
            for code in codes {
                spec.push_str(&format!("        \"{code}\": {{description: S, content: {{{media}: {{schema: {{type: string}}}}}}}}\n"));
            }
        }
        spec.push_str(&schemas);
        let spliced = compare(&api(&SourceFile::new("spec.yaml", spec)), "the edge spec");
        // Every `serve` and `to_http_response`, and the responses whose
        // lines fit.
        assert!(spliced > 2 * 62 + 42, "only {spliced} items were written as text");
    }

    /// `to_http_response`'s arms at the widths where prettyplease breaks
    /// them: for each body encoding, media types from the shortest that
    /// lowers to it growing a character at a time (a parameter), in a
    /// tuple arm (one status), a struct arm (a range, `default`) and an arm
    /// with headers; unit arms whose variant names sweep the margin, some with headers; with
    /// and without `Undocumented`.
    #[test]
    fn server_responses_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths:\n");
        let media = ["+json", "text/x", "a/b", "text/event-stream", "application/jsonl", "application/json-seq", "image/*"];
        // Variant names of 9 to 29 characters, 20 and 21 among them: a
        // unit arm stays whole up to 20.
        let units = [204, 500, 415, 428, 506, 413, 505, 511];
        let codes = [200, 201, 203, 226, 400, 407, 416, 431, 451, 500, 511];
        let headers = "headers: {X-Rate: {schema: {type: integer}}}";
        let mut operations = 0;
        for (m, media) in media.iter().enumerate() {
            for pad in 0..=60 {
                let content_type = match pad {
                    0 => media.to_string(),
                    _ => format!("{media};{}", "x".repeat(pad - 1)),
                };
                let body = format!("content: {{\"{content_type}\": {{schema: {{type: string}}}}}}");
                let (one, headed, unit) = (codes[pad % codes.len()], codes[(pad + m + 5) % codes.len()], units[(pad + m) % units.len()]);
                let mut responses = format!(
                    "        \"{one}\": {{description: One, {body}}}\n        \"{headed}\": {{description: Headed, {body}, {headers}}}\n        \"{unit}\": {{description: Unit{}}}\n        \"3XX\": {{description: Moved, {headers}}}\n        {}XX: {{description: Range, {body}}}\n",
                    if pad % 3 == 1 { format!(", {headers}") } else { String::new() },
                    4 + pad % 2,
                );
                if pad % 3 == 0 {
                    responses.push_str("        1XX: {description: Early}\n");
                }
                if pad % 2 == 0 {
                    let headers = if pad % 4 == 0 { format!(", {headers}") } else { String::new() };
                    responses.push_str(&format!("        default: {{description: Other, {body}{headers}}}\n"));
                }
                spec.push_str(&format!("  /p{m}/{pad}:\n    get:\n      operationId: op_{m}_{pad}\n      responses:\n{responses}"));
                operations += 1;
            }
        }
        let spliced = compare(&api(&SourceFile::new("spec.yaml", spec)), "the server edge spec");
        // Each `serve` and `to_http_response` (`Response`, which has
        // headers, is tokens), but where a media type is too long for its
        // line in the arguments broken one per line (56 of them).
        assert!(spliced > operations + 360, "only {spliced} items of {operations} operations were written as text");
    }

    /// Requests whose parameters' names sweep the margin: `new`'s and the
    /// setters' signatures, the path and query pushes (a camel-case name
    /// makes a field one longer than its wire name, so lines of both
    /// parities), the `if let` of an optional parameter, arrays sent a
    /// pair per item or joined; with and without a JSON body, and each
    /// shape of `SECURITY`.
    #[test]
    fn requests_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n    app_key_with_a_long_name: {type: apiKey, in: header, name: X-App}\n    bearer: {type: http, scheme: bearer}\n  schemas:\n    Thing: {type: object, properties: {a: {type: string}}}\npaths:\n",
        );
        let security = [
            "[]",
            "[{}]",
            "[{key: []}]",
            "[{key: [], app_key_with_a_long_name: []}, {bearer: []}]",
            "[{key: [], app_key_with_a_long_name: [], bearer: []}]",
            "[{}, {key: []}]",
            "[{}, {}]",
        ];
        for i in 0..70 {
            let name = format!("p{}", "q".repeat(i));
            let body = if i % 2 == 0 {
                "      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n"
            } else {
                ""
            };
            spec.push_str(&format!(
                "  /r{i}/{{{name}}}/{{cQ{q}}}/tail:\n    post:\n      operationId: r{i}\n      security: {}\n      parameters:\n        - {{name: {name}, in: path, required: true, schema: {{type: integer}}}}\n        - {{name: cQ{q}, in: path, required: true, schema: {{type: integer}}}}\n        - {{name: {name}_q, in: query, schema: {{type: string}}}}\n        - {{name: n{name}, in: query, required: true, schema: {{type: boolean}}}}\n        - {{name: a{name}, in: query, required: {}, schema: {{type: array, items: {{type: integer}}}}}}\n        - {{name: j{name}, in: query, explode: false, required: {}, schema: {{type: array, items: {{type: string}}}}}}\n{body}      responses:\n        \"204\": {{description: Done}}\n",
                security[i % security.len()],
                i % 2 == 0,
                i % 3 == 0,
                q = "q".repeat(i),
            ));
        }
        let api = api(&SourceFile::new("spec.yaml", spec));
        let spliced = compare(&api, "the edge spec");
        let paths = api.operations.iter().filter(|op| super::request_text::path_and_query(op).is_some()).count();
        // `path_and_query` with its arrays, where the names leave its lines
        // short enough (23 of 70).
        assert!(paths >= 20, "path_and_query is text for only {paths} operations");
        // Per operation: `serve`, `Response`, the struct, the constants,
        // `new`, the setters, `validate`, `path_and_query` and
        // `to_http_request`, where their lines fit.
        assert!(spliced > 400, "only {spliced} items were written as text");
    }

    /// Responses that document headers, of every kind (one status, a range
    /// and `default`, with JSON, text, events, bytes or no body, alone or
    /// next to responses without headers), for operations whose names, and
    /// so their header sets' names (`OpxxxOkHeaders`), sweep the width at
    /// which the call that reads the headers breaks, and past the margin.
    #[test]
    fn responses_with_headers_at_the_edges_are_what_prettyplease_prints() {
        let json = "content: {application/json: {schema: {type: string}}}";
        let text = "content: {text/plain: {schema: {type: string}}}";
        let events = "content: {text/event-stream: {schema: {type: string}}}";
        let bytes = "content: {application/octet-stream: {schema: {type: string, format: binary}}}";
        let headers = "headers: {X-Rate: {schema: {type: integer}}}";
        let kinds = [
            format!("\"200\": {{description: OK, {json}, {headers}}}"),
            format!("\"201\": {{description: Made, {text}, {headers}}}\n        \"204\": {{description: None, {headers}}}"),
            format!("\"2XX\": {{description: Fine, {json}, {headers}}}\n        \"404\": {{description: Gone}}"),
            format!("\"200\": {{description: Raw, {bytes}, {headers}}}\n        default: {{description: Error, {json}, {headers}}}"),
            format!("\"202\": {{description: Later, {headers}}}\n        4XX: {{description: Bad, {headers}}}\n        default: {{description: Other, {headers}}}"),
            format!("default: {{description: Anything, {bytes}, {headers}}}"),
            format!("\"200\": {{description: Stream, {events}, {headers}}}\n        5XX: {{description: Down, {bytes}}}"),
            format!("\"511\": {{description: Login, {json}, {headers}}}\n        3XX: {{description: Moved, {bytes}, {headers}}}"),
        ];
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths:\n");
        let lengths = 0..48;
        for i in lengths.clone() {
            for (k, responses) in kinds.iter().enumerate() {
                let name = format!("op{}{k}", "x".repeat(i));
                spec.push_str(&format!("  /p{i}/{k}:\n    get:\n      operationId: {name}\n      responses:\n        {responses}\n"));
            }
        }
        let spliced = compare(&api(&SourceFile::new("spec.yaml", spec)), "the headers' edge spec");
        // Every `serve` and every `Response`.
        let operations = lengths.len() * kinds.len();
        assert!(spliced >= 2 * operations, "only {spliced} items of {operations} operations were written as text");
    }

    /// `from_http_parts` for parameters of every location, required and
    /// optional, whose names (and so wire names) grow a character at a
    /// time past the margin, of each shape (lists of lists, maps, an empty
    /// object, an object with fields, which is tokens), with no body, a
    /// required and an optional JSON body.
    #[test]
    fn requests_read_by_servers_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\ncomponents:\n  schemas:\n    Empty: {type: object}\n    Thing: {type: object, properties: {a: {type: string}}}\n    Kind: {type: string, enum: [a, b]}\npaths:\n",
        );
        let types = [
            "{type: string}",
            "{type: integer}",
            "{type: boolean}",
            "{type: array, items: {type: string}}",
            "{type: array, items: {type: array, items: {type: integer}}}",
            "{type: object, additionalProperties: {type: string}}",
            "{$ref: '#/components/schemas/Empty'}",
            "{$ref: '#/components/schemas/Kind'}",
            "{type: array, items: {$ref: '#/components/schemas/Empty'}}",
            "{$ref: '#/components/schemas/Thing'}",
        ];
        let bodies = [
            "",
            "      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n",
            "      requestBody: {content: {application/json: {schema: {type: string}}}}\n",
        ];
        let mut operations = 0;
        for i in 0..72 {
            let name = format!("p{}", "q".repeat(i));
            let ty = types[i % types.len()];
            let required = i % 2 == 0;
            let mut parameters = format!("        - {{name: {name}, in: path, required: true, schema: {ty}}}\n");
            // An exploded cookie is not supported; the others explode or not.
            for (location, explode) in [("query", i % 3 == 0), ("header", i % 3 == 1), ("cookie", false)] {
                let p = format!("in: {location}, explode: {explode}, schema: {ty}");
                parameters.push_str(&format!("        - {{name: {location}{name}, required: {required}, {p}}}\n"));
                parameters.push_str(&format!("        - {{name: o{location}{name}, {p}}}\n"));
            }
            let body = bodies[i % bodies.len()];
            spec.push_str(&format!(
                "  /s{i}/{{{name}}}:\n    post:\n      operationId: s{i}\n      parameters:\n{parameters}{body}      responses:\n        \"204\": {{description: Done}}\n"
            ));
            operations += 1;
            if i % 8 == 0 {
                spec.push_str(&format!(
                    "  /b{i}:\n    put:\n      operationId: b{i}\n{body}      responses:\n        \"204\": {{description: Done}}\n"
                ));
                operations += 1;
            }
        }
        let api = api(&SourceFile::new("spec.yaml", spec));
        let text = api.operations.iter().filter(|op| server::from_http_parts_text(&api, op).is_some()).count();
        let spliced = compare(&api, "the server requests' edge spec");
        // `from_http_parts` is text where no shape has an object's fields
        // and no line is past the margin: the 9 bodies alone, and the
        // parameters up to names of 26 characters but every tenth type.
        assert!(text >= 34, "from_http_parts is text for only {text} of {operations} operations");
        assert!(spliced >= 2 * operations + text, "only {spliced} items of {operations} operations were written as text");
    }
}
