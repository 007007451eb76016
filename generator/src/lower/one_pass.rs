//! A pass over the finished types: which tag-dispatched unions are read in
//! one pass, and how (see [`OnePass`]). It runs after `recursion.rs`, since
//! a slot is boxed when the field it is read for is.
//!
//! A union qualifies when every option is a struct whose tag property is a
//! required string or string enum, and options that share a property name
//! agree on its type and nullability (otherwise the slot's type would be
//! ambiguous); the others keep the buffered path.

use crate::ir::*;
use crate::naming::{reserved, snake_name, Scope};

/// Records the one-pass plan of every union that qualifies.
pub(super) fn plan_unions(types: &mut [TypeDef]) {
    let plans: Vec<(usize, OnePass)> = types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.kind {
            TypeKind::Union(u) => plan(types, u).map(|p| (i, p)),
            _ => None,
        })
        .collect();
    for (i, p) in plans {
        if let TypeKind::Union(u) = &mut types[i].kind {
            u.one_pass = Some(p);
        }
    }
}

/// The type named `name` among `types`, sorted by name.
fn named<'t>(types: &'t [TypeDef], name: &str) -> Option<&'t TypeDef> {
    types.binary_search_by(|t| t.name.as_str().cmp(name)).ok().map(|i| &types[i])
}

/// The largest union read in one pass, as options times slots.
const MAX_PLAN: usize = 4_000;

fn plan(types: &[TypeDef], u: &Union) -> Option<OnePass> {
    let UnionStrategy::Tag { property, .. } = &u.strategy else { return None };
    let structs: Vec<&Struct> = u
        .variants
        .iter()
        .map(|v| match named(types, v.ty.inline_named()?).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some(s),
            _ => None,
        })
        .collect::<Option<_>>()?;
    // Each option's tag property must be a required string or string enum.
    for s in &structs {
        let tag = s.fields.iter().find(|f| f.wire_name == *property)?;
        let is_string_enum = tag.ty.inline_named().and_then(|n| named(types, n)).is_some_and(|t| matches!(t.kind, TypeKind::StringEnum(_)));
        if !tag.required || tag.nullable || !(tag.ty == TypeRef::String || is_string_enum) {
            return None;
        }
    }
    // One slot per property name; options that share one must agree on it.
    let mut slots: Vec<Slot> = Vec::new();
    let mut scope = Scope::with_reserved(reserved::ONE_PASS.iter().copied());
    for f in structs.iter().flat_map(|s| &s.fields).filter(|f| f.wire_name != *property) {
        match slots.iter().find(|slot| slot.wire_name == f.wire_name) {
            Some(existing) if existing.ty != f.ty || existing.nullable != f.nullable => return None,
            Some(_) => {}
            None => slots.push(Slot {
                name: scope.claim(snake_name(&f.wire_name)),
                wire_name: f.wire_name.clone(),
                ty: f.ty.clone(),
                boxed: f.boxed,
                nullable: f.nullable,
                // Read as the first option to declare it does.
                null_is_value: f.required || f.nullable,
            }),
        }
    }
    // The reading code has an arm per option that places every slot, so it
    // grows with their product: past this, the buffered path reads the
    // union (262 options over 700 properties gave 169k lines that rustc
    // could not check in 24 GB).
    if structs.len() * slots.len() > MAX_PLAN {
        return None;
    }
    let slot_of = |wire: &str| slots.iter().position(|slot| slot.wire_name == wire);
    let options = structs
        .iter()
        .map(|s| {
            let fields = s.fields.iter().map(|f| {
                if f.wire_name == *property {
                    Some(FieldSource::Tag)
                } else {
                    slot_of(&f.wire_name).map(FieldSource::Slot)
                }
            });
            // Properties of other options that this object carried are its
            // unknown properties, when it keeps them.
            let foreign = match s.unknown_fields {
                Some(_) => (0..slots.len()).filter(|&i| !s.fields.iter().any(|f| f.wire_name == slots[i].wire_name)).collect(),
                None => Vec::new(),
            };
            Some(OnePassOption { fields: fields.collect::<Option<_>>()?, foreign })
        })
        .collect::<Option<_>>()?;
    Some(OnePass { slots, options })
}
