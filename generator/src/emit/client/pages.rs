//! The page walker of an operation with `x-pagination`: the request sent
//! with its page size, then moved to the next page by the step the model
//! records (offset, page number or cursor), until a short page.

use proc_macro2::TokenStream;
use quote::quote;

use super::op_module;
use crate::emit::operation::operation_gate;
use crate::emit::{docs, ident};
use crate::ir::{Operation, PageParam, PageStep, PathStep, TypeRef};

/// The page walker of an operation with `x-pagination`.
pub(super) fn pages_method(op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let name = ident(&p.client_method);
    let module = op_module(op);
    let gate = operation_gate(op);
    let variant = ident(&p.response);
    // A response that documents headers is a struct variant.
    let pattern = match op.responses.iter().any(|r| r.rust_name == p.response && r.headers.is_some()) {
        true => quote! { #module::Response::#variant { body: page, .. } },
        false => quote! { #module::Response::#variant(page) },
    };
    let page_ty = crate::emit::type_tokens(&p.page);
    let limit = place(&p.limit);
    let (size, size_doc) = match p.default_limit {
        Some(default) if !p.limit.required => {
            // Unsuffixed: the parameter may be an `i32`.
            let value = proc_macro2::Literal::i64_unsuffixed(default);
            (quote! { *#limit.get_or_insert(#value) }, format!("`{}` (the spec's default, {default}, when unset)", shown(&p.limit)))
        }
        _ => (quote! { #limit }, format!("`{}`", shown(&p.limit))),
    };
    // The walk counts in `i64`.
    let page_size = match p.limit_type {
        TypeRef::Integer { bits: 64, signed: true } => size,
        TypeRef::Integer { bits: 64, signed: false } => quote! { i64::try_from(#size).unwrap_or(i64::MAX) },
        _ => quote! { i64::from(#size) },
    };
    let count = match p.items.as_slice() {
        [] => quote! { page.len() },
        steps if steps.iter().all(|s| !s.optional) => {
            let fields = steps.iter().map(|s| ident(&s.field));
            quote! { page #( .#fields )* .len() }
        }
        steps => {
            let chain = reach(steps);
            quote! { #chain.map_or(0, |v| v.len()) }
        }
    };
    // The parameter to move on, filled in with `unset` when it is.
    let slot = |param: &PageParam, unset: i64| {
        let place = place(param);
        let unset = proc_macro2::Literal::i64_unsuffixed(unset);
        if param.required {
            quote! { &mut #place }
        } else {
            quote! { #place.get_or_insert(#unset) }
        }
    };
    let (start, advance, how) = match &p.next {
        PageStep::Offset(param) => {
            let slot = slot(param, 0);
            (None, quote! { transport::step_forward(#slot, count) }, format!("moves `{}` past the items received", shown(param)))
        }
        PageStep::Number { param, start } => {
            let field = place(param);
            let first = proc_macro2::Literal::i64_unsuffixed(*start);
            let fill = (!param.required).then(|| quote! { #field.get_or_insert(#first); });
            let slot = slot(param, *start);
            (
                fill,
                quote! { transport::step_forward(#slot, 1) },
                format!("asks for page `{}` ({start} when unset), then the next one", shown(param)),
            )
        }
        PageStep::Cursor { param, path } => {
            let field = place(param);
            let set = if param.required {
                quote! { cursor.clone() }
            } else {
                quote! { ::std::option::Option::Some(cursor.clone()) }
            };
            let cursor = reach(path);
            let advance = quote! {
                match #cursor {
                    ::std::option::Option::Some(cursor) => {
                        #field = #set;
                        true
                    }
                    ::std::option::Option::None => false,
                }
            };
            (None, advance, format!("sends the cursor each page holds as `{}`, until a page has none", shown(param)))
        }
    };
    let doc = docs(&format!(
        "Every page of [`{}`](Self::{}): sends the request with a page size of {size_doc}, {how}, and stops after a page with fewer items than the page size.\n\nThe stream ends after the first error; a status other than the success one is [`Error::Status`].",
        op.rust_name, op.rust_name
    ));
    // The request is changed before the walk only to fill in an unset page
    // size or page number, or what is unset on the way to a body field.
    let fills_in = (p.default_limit.is_some() && !p.limit.required) || start.is_some() || fills_on_the_way(&p.limit);
    let request_arg = if fills_in {
        quote! { mut request }
    } else {
        quote! { request }
    };
    // What the step reads: the page (a cursor) or the item count (an offset).
    let (page_arg, count_arg) = match &p.next {
        PageStep::Offset(_) => (quote! { _ }, quote! { count }),
        PageStep::Number { .. } => (quote! { _ }, quote! { _ }),
        PageStep::Cursor { .. } => (quote! { page }, quote! { _ }),
    };
    Some(quote! {
        #doc
        #gate
        pub fn #name(&self, #request_arg: #module::Request) -> impl ::futures_util::Stream<Item = ::std::result::Result<#page_ty, Error>> + '_ {
            /// Moves the request to the page after `page`, which held `count` items.
            fn next_page(request: &mut #module::Request, #page_arg: &#page_ty, #count_arg: usize) -> bool {
                #advance
            }
            let page_size = #page_size;
            #start
            transport::paginate(request, page_size, move |request| async move {
                request.validate()?;
                let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, #module::Request::SECURITY, request.to_http_request(&self.base_url)?).await?;
                match #module::Response::from_http_response(&response) {
                    ::std::result::Result::Ok(#pattern) => {
                        let count = #count;
                        ::std::result::Result::Ok((page, count))
                    }
                    ::std::result::Result::Ok(_) => ::std::result::Result::Err(Error::unexpected(response)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(Error::decode(response, e)),
                }
            }, next_page)
        }
    })
}

/// Where a parameter is in `request`: its field, or its field in the body,
/// with what is unset on the way (the body, an optional object) filled in
/// with its default first.
fn place(param: &PageParam) -> TokenStream {
    let field = ident(&param.rust_name);
    let Some(body) = &param.in_body else { return quote! { request.#field } };
    let mut place = match body.body_optional {
        true => quote! { request.body.get_or_insert_with(::std::default::Default::default) },
        false => quote! { request.body },
    };
    for step in &body.steps {
        let step_field = ident(&step.field);
        place = match step.optional {
            true => quote! { #place.#step_field.get_or_insert_with(::std::default::Default::default) },
            false => quote! { #place.#step_field },
        };
    }
    quote! { #place.#field }
}

/// Whether reaching a parameter fills something in (an unset body or
/// optional object on the way to a field of the body).
fn fills_on_the_way(param: &PageParam) -> bool {
    param.in_body.as_ref().is_some_and(|body| body.body_optional || body.steps.iter().any(|s| s.optional))
}

/// A parameter as the walker's docs name it: its field, or its path in the
/// body (`body.page.cursor`).
fn shown(param: &PageParam) -> String {
    match &param.in_body {
        None => param.rust_name.clone(),
        Some(body) => {
            let steps = body.steps.iter().map(|s| s.field.as_str());
            std::iter::once("body").chain(steps).chain([param.rust_name.as_str()]).collect::<Vec<_>>().join(".")
        }
    }
}

/// `Some(&page.a.b)`, through the `Option`s of optional steps: `None` when
/// one is absent. (`page` may be the page or a reference to it.)
fn reach(steps: &[PathStep]) -> TokenStream {
    let mut chain: Option<TokenStream> = None;
    for step in steps {
        let field = ident(&step.field);
        // `null` where the walk goes on ends it, as absent does.
        let inner = step.null_kept.then(|| quote! { .and_then(::std::option::Option::as_ref) });
        chain = Some(match (chain, step.optional) {
            (None, true) => quote! { page.#field.as_ref() #inner },
            (None, false) => quote! { ::std::option::Option::Some(&page.#field) },
            (Some(chain), true) => quote! { #chain.and_then(|v| v.#field.as_ref() #inner) },
            (Some(chain), false) => quote! { #chain.map(|v| &v.#field) },
        });
    }
    chain.unwrap_or_else(|| quote! { ::std::option::Option::Some(page) })
}
