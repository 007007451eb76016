//! Where each node of a rewritten document was in the original text.
//!
//! Rewriting a 3.1 schema into the 3.0 shape sometimes moves a node: the `X`
//! of `oneOf: [X, {type: "null"}]` becomes `allOf/0`, a `const` becomes
//! `enum`. Every move is recorded here, so that a diagnostic about the
//! rewritten document still points at the line the user wrote.

/// The moves made while rewriting one file, in the order they were made.
///
/// Each rewrite is one step: the nodes it moves move at once (an option
/// list that loses its `null` shifts `oneOf/2` to `oneOf/1` and `oneOf/3`
/// to `oneOf/2` together). A step's pointers are those of the document as
/// it was when the step was made, so a pointer is taken back by undoing the
/// steps from the last to the first.
#[derive(Clone, Debug, Default)]
pub struct Moves {
    steps: Vec<Vec<Move>>,
}

/// One node moved: where it is now, where it was.
#[derive(Clone, Debug)]
struct Move {
    to: String,
    from: String,
}

impl Moves {
    /// Records one rewrite: each `(to, from)` pair says the node now at `to`
    /// was at `from`. Within a step the longest `to` that holds a pointer wins.
    pub fn step(&mut self, moves: impl IntoIterator<Item = (String, String)>) {
        let mut step: Vec<Move> = moves.into_iter().filter(|(to, from)| to != from).map(|(to, from)| Move { to, from }).collect();
        if step.is_empty() {
            return;
        }
        step.sort_by_key(|m| std::cmp::Reverse(m.to.len()));
        self.steps.push(step);
    }

    /// Records a single move.
    pub fn moved(&mut self, to: impl Into<String>, from: impl Into<String>) {
        self.step([(to.into(), from.into())]);
    }

    /// Adds the moves of another rewrite of the same file, made after these.
    pub fn extend(&mut self, other: Moves) {
        self.steps.extend(other.steps);
    }

    /// The pointer in the original text of the node now at `pointer`.
    pub fn original(&self, pointer: &str) -> String {
        let mut p = pointer.to_owned();
        for step in self.steps.iter().rev() {
            if let Some(m) = step.iter().find(|m| below(&p, &m.to).is_some()) {
                p = format!("{}{}", m.from, &p[m.to.len()..]);
            }
        }
        p
    }

    /// The pointer in the rewritten document of the node the original text
    /// has at `pointer` (for a `$ref` written against the original).
    pub fn rewritten(&self, pointer: &str) -> String {
        let mut p = pointer.to_owned();
        for step in &self.steps {
            let found = step.iter().filter(|m| below(&p, &m.from).is_some()).max_by_key(|m| m.from.len());
            if let Some(m) = found {
                p = format!("{}{}", m.to, &p[m.from.len()..]);
            }
        }
        p
    }
}

/// What follows `prefix` in `pointer`, when `pointer` is `prefix` or a node
/// below it.
fn below<'p>(pointer: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_undone_from_the_last() {
        let mut moves = Moves::default();
        // `oneOf: [A, null, B]` loses its null: B moves up.
        moves.step([("/S/oneOf/1".to_owned(), "/S/oneOf/2".to_owned())]);
        // Then B's `const` becomes `enum`.
        moves.moved("/S/oneOf/1/enum", "/S/oneOf/1/const");
        assert_eq!(moves.original("/S/oneOf/1/enum/0"), "/S/oneOf/2/const/0");
        assert_eq!(moves.original("/S/oneOf/1/title"), "/S/oneOf/2/title");
        assert_eq!(moves.original("/S/oneOf/0"), "/S/oneOf/0");
        assert_eq!(moves.original("/S/oneOf/10"), "/S/oneOf/10");
        assert_eq!(moves.rewritten("/S/oneOf/2/const"), "/S/oneOf/1/enum");
    }

    #[test]
    fn a_step_moves_its_nodes_at_once() {
        let mut moves = Moves::default();
        moves.step([("/a/1".to_owned(), "/a/2".to_owned()), ("/a/2".to_owned(), "/a/3".to_owned())]);
        assert_eq!(moves.original("/a/1/x"), "/a/2/x");
        assert_eq!(moves.original("/a/2"), "/a/3");
        assert_eq!(moves.rewritten("/a/2"), "/a/1");
        assert_eq!(moves.rewritten("/a/3/y"), "/a/2/y");
    }
}
