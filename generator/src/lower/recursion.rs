//! A pass over the finished types: what contains itself gets a place on the
//! heap. Aliases that contain themselves through other aliases become
//! newtypes (a type alias cannot refer to itself, a struct can); fields and
//! variants that hold their own type in place are boxed.

use std::collections::HashMap;

use crate::ir::*;

/// Turns aliases that contain themselves through other aliases (`Tree =
/// array of Tree`) into newtypes.
pub(super) fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                ty.named().filter_map(|n| index.get(n).copied()).filter(|&i| matches!(types[i].kind, TypeKind::Alias(_))).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = vec![0usize; types.len()];
    for &c in &component {
        size[c] += 1;
    }
    let recursive: Vec<bool> = (0..types.len()).map(|i| size[component[i]] > 1 || edges[i].contains(&i)).collect();
    for (t, recursive) in types.iter_mut().zip(recursive) {
        if let (true, TypeKind::Alias(ty)) = (recursive, &t.kind) {
            t.kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// Marks the fields and variants that must be boxed: those whose type is in
/// the same strongly connected component of the inline-containment graph as
/// their owner (Tarjan's algorithm, linear in types plus edges).
pub(super) fn box_recursion(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| t.kind.type_refs().into_iter().filter_map(TypeRef::inline_named).filter_map(|n| index.get(n).copied()).collect())
        .collect();
    let component = strongly_connected(&edges);
    let same = |owner: usize, ty: &TypeRef| {
        ty.inline_named().and_then(|n| index.get(n)).is_some_and(|&target| component[target] == component[owner])
    };
    let flags: Vec<Vec<bool>> =
        types.iter().enumerate().map(|(i, t)| t.kind.type_refs().into_iter().map(|ty| same(i, ty)).collect()).collect();
    for (t, flags) in types.iter_mut().zip(flags) {
        match &mut t.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().zip(flags).for_each(|(f, b)| f.boxed = b),
            TypeKind::Union(u) => u.variants.iter_mut().zip(flags).for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

/// The strongly connected component of each node (iterative Tarjan).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next, mut comps) = (Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}
