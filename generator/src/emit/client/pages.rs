//! The page walker of an operation with `x-pagination`.

use proc_macro2::TokenStream;
use quote::quote;

use super::op_module;
use crate::emit::operation::unstable_gate;
use crate::emit::{docs, ident};
use crate::ir::{Operation, PathStep};

/// The page walker of an operation with `x-pagination`.
pub(super) fn pages_method(op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let name = ident(&p.client_method);
    let module = op_module(op);
    let gate = unstable_gate(op);
    let offset = ident(&p.offset_param);
    let variant = ident(&p.response);
    let page_ty = crate::emit::type_tokens(&p.page);
    let count = walk(&p.items, Leaf::Count);
    let total = walk(&p.total, Leaf::Total { widen: p.total_bits == 32 });
    let limit = &p.limit_param;
    let doc = docs(&format!(
        "Every page of [`{}`](Self::{}): asks for the page at the request's `{}` (0 if unset) and then past each page's items, with the request's `{limit}` as the page size, until the total count is reached or a page comes back empty.\n\nThe stream ends after the first error; a status other than the success one is [`Error::Status`].",
        op.rust_name, op.rust_name, p.offset_param
    ));
    Some(quote! {
        #doc
        #gate
        pub fn #name(&self, request: #module::Request) -> impl ::futures_util::Stream<Item = ::std::result::Result<#page_ty, Error>> + '_ {
            let start = request.#offset.unwrap_or(0);
            transport::paginate(request, start, |request, offset| request.#offset = ::std::option::Option::Some(offset), move |request| async move {
                request.validate()?;
                let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, #module::Request::KEY_HEADERS, request.to_http_request(&self.base_url)?).await?;
                match #module::Response::from_http_response(&response) {
                    ::std::result::Result::Ok(#module::Response::#variant(page)) => {
                        let count = #count;
                        let total = #total;
                        ::std::result::Result::Ok((page, count, total))
                    }
                    ::std::result::Result::Ok(_) => ::std::result::Result::Err(Error::unexpected(response)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(Error::decode(response, e)),
                }
            })
        }
    })
}

/// What a page walk reads from a page.
#[derive(Clone, Copy)]
enum Leaf {
    /// How many items it holds.
    Count,
    /// The total count, as an `i64` (`widen` from an `i32`).
    Total {
        /// Whether it is an `i32`.
        widen: bool,
    },
}

/// `page.a.b`'s count or total, through `Option`s where a step is optional
/// (then 0 when one is absent).
fn walk(steps: &[PathStep], leaf: Leaf) -> TokenStream {
    let fields: Vec<_> = steps.iter().map(|s| ident(&s.field)).collect();
    let finish = |v: TokenStream| match leaf {
        Leaf::Count => quote! { #v.len() },
        Leaf::Total { widen: true } => quote! { i64::from(#v) },
        Leaf::Total { widen: false } => v,
    };
    if steps.iter().all(|s| !s.optional) {
        return finish(quote! { page #( .#fields )* });
    }
    let mut chain = quote! { ::std::option::Option::Some(&page) };
    for (step, field) in steps.iter().zip(&fields) {
        chain = if step.optional {
            quote! { #chain.and_then(|v| v.#field.as_ref()) }
        } else {
            quote! { #chain.map(|v| &v.#field) }
        };
    }
    let value = finish(match leaf {
        Leaf::Count => quote! { v },
        Leaf::Total { .. } => quote! { *v },
    });
    quote! { #chain.map_or(0, |v| #value) }
}
